//! The Overview page, the one the app opens on.

use sso_desk_command::command;
use sso_desk_core::applications::ApplicationsLoadProgress;
use sso_desk_core::desk::Desk;
use sso_desk_core::overview::OrgOverview;
use tauri::ipc::Channel;
use tauri::State;

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
