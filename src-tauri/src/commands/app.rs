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
