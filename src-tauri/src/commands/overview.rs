//! The Overview page, and the page the app opens on: the last one the admin was on.

use sso_desk_command::command;
use sso_desk_core::applications::ApplicationsLoadProgress;
use sso_desk_core::desk::Desk;
use sso_desk_core::overview::OrgOverview;
use tauri::{ipc::Channel, State};

use crate::AppError;

/// The organisation at a glance from what is kept, instantly.
#[command]
pub async fn overview(desk: State<'_, Desk>) -> Result<OrgOverview, AppError> {
    desk.overview().cached().await
}

/// Reads the applications list again (progress on the channel) and answers the overview.
#[command]
pub async fn refresh_overview(
    progress: Channel<ApplicationsLoadProgress>,
    desk: State<'_, Desk>,
) -> Result<OrgOverview, AppError> {
    let report = move |p| drop(progress.send(p));
    desk.overview().refresh(&report).await
}

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
