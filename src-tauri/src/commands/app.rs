//! What the shell needs to draw itself.

use sso_desk_core::desk::{AppStatus, Desk};
use tauri::State;

use crate::error::AppError;

/// The version and the active connection (opening the saved one on first use).
#[tauri::command]
#[specta::specta]
pub async fn app_status(desk: State<'_, Desk>) -> Result<AppStatus, AppError> {
    desk.connections().status().await
}

/// A page has painted its data (`what` names the page and where the data came from). With
/// `--report-paints` the app prints `painted: WHAT (N rows)` on standard output, so a benchmark can
/// time a launch from outside; otherwise it does nothing.
#[tauri::command]
#[specta::specta]
pub fn report_paint(what: String, rows: u32, paints: State<'_, crate::Paints>) {
    paints.report(&what, rows);
}
