//! What the shell needs to draw itself.

use sso_desk_command::command;
use sso_desk_core::desk::{AppStatus, Desk};
use tauri::{Manager, State};

use crate::AppError;

/// The version and the active connection (opening the saved one on first use).
#[command]
pub async fn app_status(desk: State<'_, Desk>) -> Result<AppStatus, AppError> {
    desk.connections().status().await
}

/// A page has painted its data (`what` names the page and where the data came from). With
/// `--report-paints` the app prints `painted: WHAT (N rows)` on standard output, so a benchmark can
/// time a launch from outside; otherwise it does nothing.
#[command]
pub fn report_paint(what: String, rows: u32, paints: State<'_, sso_desk_launch::desktop::Paints>) {
    paints.report(&what, rows);
}

/// Settings → "Open log folder": the folder of the app's log files, in the desktop's file manager.
#[command]
pub async fn open_log_folder(app: tauri::AppHandle) -> Result<(), AppError> {
    let dir = app.path().app_log_dir().map_err(AppError::internal)?;
    sso_desk_launch::log::open_folder(&dir).map_err(AppError::internal)
}
