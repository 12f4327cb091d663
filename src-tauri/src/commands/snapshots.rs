//! The Snapshots page: a folder picked (`--save-dir`: its `snapshot` folder), then exported to,
//! compared with or applied.

use sso_desk_command::command;
use sso_desk_core::desk::{Desk, SnapshotComparison as Compared};
use sso_desk_core::snapshots::{ApplyOutcome as Applied, ExportSummary as Summary};
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

use crate::{files::SaveDir, AppError};

#[command]
pub async fn pick_snapshot_folder(
    app: AppHandle,
    dir: State<'_, SaveDir>,
) -> Result<Option<String>, AppError> {
    let Some(dir) = &dir.0 else {
        let picked =
            tokio::task::spawn_blocking(move || app.dialog().file().blocking_pick_folder());
        return Ok(picked
            .await
            .map_err(AppError::internal)?
            .map(|p| p.to_string()));
    };
    Ok(Some(dir.join("snapshot").display().to_string()))
}

#[command]
pub async fn export_snapshot(folder: String, desk: State<'_, Desk>) -> Result<Summary, AppError> {
    desk.snapshots().export(folder.as_ref()).await
}

#[command]
pub async fn compare_snapshot(folder: String, desk: State<'_, Desk>) -> Result<Compared, AppError> {
    desk.snapshots().compare(folder.as_ref(), false).await
}

#[command]
pub async fn apply_snapshot(folder: String, desk: State<'_, Desk>) -> Result<Applied, AppError> {
    desk.snapshots().apply(folder.as_ref(), false).await
}
