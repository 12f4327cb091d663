//! Saving an exported file where the admin chooses: the native "Save as" dialog, or, with
//! `--save-dir DIR` (end-to-end tests, which cannot drive a native dialog), straight into DIR
//! under the suggested name, which must be a plain file name (`sso_desk_core::exports`).

use std::path::PathBuf;

use sso_desk_core::exports;
use tauri::AppHandle;
use tauri_plugin_dialog::DialogExt;

use crate::AppError;

/// Where exports go without asking: `--save-dir`, when given.
pub struct SaveDir(pub Option<PathBuf>);

/// Writes `text` to the file the admin picks (suggested `name`); `None` when they cancel.
pub async fn save_text(
    app: AppHandle,
    dir: &SaveDir,
    name: String,
    text: String,
) -> Result<Option<String>, AppError> {
    let path = match &dir.0 {
        Some(dir) => Some(exports::checked_file_in(dir, &name)?),
        None => tokio::task::spawn_blocking(move || {
            let picked = app
                .dialog()
                .file()
                .set_file_name(&name)
                .blocking_save_file();
            picked.and_then(|p| p.into_path().ok())
        })
        .await
        .map_err(AppError::internal)?,
    };
    path.map(|path| exports::write(&path, &text)).transpose()
}
