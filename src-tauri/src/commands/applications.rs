//! The Configured applications list and an application's Overview.

use sso_desk_core::applications::{ApplicationOverview, ApplicationsLoadProgress};
use sso_desk_core::desk::{ApplicationRows, Desk};
use tauri::ipc::Channel;
use tauri::State;

use crate::error::AppError;

/// The last known list, instantly; `None` before the first refresh.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, err)]
pub async fn cached_applications(
    desk: State<'_, Desk>,
) -> Result<Option<ApplicationRows>, AppError> {
    desk.applications().cached().await
}

/// Reads every application (all pages) with progress, keeps it, and returns it.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, err)]
pub async fn refresh_applications(
    progress: Channel<ApplicationsLoadProgress>,
    desk: State<'_, Desk>,
) -> Result<ApplicationRows, AppError> {
    // A closed channel means the page went away; the list is read to the end all the same.
    let report = move |p| drop(progress.send(p));
    desk.applications().refresh(&report).await
}

/// One application at a glance, with the groups and the users bound to it.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, err)]
pub async fn application_overview(
    id: String,
    desk: State<'_, Desk>,
) -> Result<ApplicationOverview, AppError> {
    desk.applications().overview(&id).await
}
