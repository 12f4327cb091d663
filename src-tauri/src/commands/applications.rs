//! The Configured applications list, an application's Overview, and its lifecycle.

use sso_desk_command::command;
use sso_desk_core::applications::lifecycle::ActiveState;
use sso_desk_core::applications::{ApplicationOverview, ApplicationsLoadProgress};
use sso_desk_core::desk::{ApplicationRows, Desk};
use tauri::ipc::Channel;
use tauri::State;

use crate::AppError;

/// The last known list, instantly; `None` before the first refresh.
#[command]
pub async fn cached_applications(
    desk: State<'_, Desk>,
) -> Result<Option<ApplicationRows>, AppError> {
    desk.applications().cached().await
}

/// Reads every application (all pages) with progress, keeps it, and returns it.
#[command]
pub async fn refresh_applications(
    progress: Channel<ApplicationsLoadProgress>,
    desk: State<'_, Desk>,
) -> Result<ApplicationRows, AppError> {
    let report = move |p| drop(progress.send(p));
    desk.applications().refresh(&report).await
}

/// One application at a glance, with the groups and the users bound to it.
#[command]
pub async fn application_overview(
    id: String,
    desk: State<'_, Desk>,
) -> Result<ApplicationOverview, AppError> {
    desk.applications().overview(&id).await
}

/// Turns the application on or off; the flag is read back and the reply says when it did not
/// change.
#[command]
pub async fn set_application_active(
    application_id: String,
    active: bool,
    desk: State<'_, Desk>,
) -> Result<ActiveState, AppError> {
    desk.applications()
        .set_active(&application_id, active)
        .await
}

/// Deletes the application and forgets it everywhere. `confirm_label` must be its label (its id
/// when it has none); `force` discards open drafts with changes (refused otherwise, so the UI
/// can ask first).
#[command]
pub async fn delete_application(
    application_id: String,
    confirm_label: String,
    force: bool,
    desk: State<'_, Desk>,
) -> Result<(), AppError> {
    desk.applications()
        .delete(&application_id, &confirm_label, force)
        .await
}
