//! Saving an export (a CSV list, an application's IdP metadata): the core renders it, the admin
//! picks where it goes (or `--save-dir` does).

use sso_desk_command::command;
use sso_desk_core::desk::{Desk, Export, SavedExport};
use tauri::State;

use crate::files::{save_text, SaveDir};
use crate::AppError;

/// Saves `file` to a file the admin picks: where it went and what they should know about it
/// (the metadata was built locally), or `None` if they cancelled.
#[command]
pub async fn save_export(
    file: Export,
    app: tauri::AppHandle,
    dir: State<'_, SaveDir>,
    desk: State<'_, Desk>,
) -> Result<Option<SavedExport>, AppError> {
    let file = desk.exports().file(&file).await?;
    let path = save_text(app, &dir, file.name, file.text).await?;
    Ok(path.map(|path| SavedExport {
        path,
        note: file.note,
    }))
}
