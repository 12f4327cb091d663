//! The page the app opens on: the last one the admin was on.

use sso_desk_command::command;
use sso_desk_core::desk::Desk;
use tauri::State;

use crate::AppError;

/// The page kept by `remember_page` (the UI's description of it); `None` on the first start.
#[command]
pub async fn last_page(desk: State<'_, Desk>) -> Result<Option<String>, AppError> {
    Ok(desk.last_page().get())
}

/// Keeps the page the admin is on for the next start.
#[command]
pub async fn remember_page(page: String, desk: State<'_, Desk>) -> Result<(), AppError> {
    desk.last_page().remember(&page)
}
