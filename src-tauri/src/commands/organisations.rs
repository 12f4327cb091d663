//! A provider connection's organisations: switcher, Organisations page, certificates across.

use sso_desk_command::command;
use sso_desk_core::desk::{Desk, OrgChoices};
use sso_desk_core::organisations::{OrgApplicationRow, OrgCertificateRow, OrgLoadProgress, OrgRow};
use tauri::{ipc::Channel, State};

use crate::AppError;

#[command]
pub async fn organisations(desk: State<'_, Desk>) -> Result<OrgChoices, AppError> {
    desk.organisations().choices().await
}

#[command]
pub async fn switch_organisation(
    id: String,
    desk: State<'_, Desk>,
) -> Result<OrgChoices, AppError> {
    desk.organisations().switch(&id).await
}

/// Works with these organisations only (kept for the next start; the chosen one among them).
#[command]
pub async fn pick_organisations(
    ids: Vec<String>,
    desk: State<'_, Desk>,
) -> Result<OrgChoices, AppError> {
    desk.organisations().pick(&ids).await
}

/// The rows as last read, at once.
#[command]
pub async fn organisation_rows(desk: State<'_, Desk>) -> Result<Vec<OrgRow>, AppError> {
    desk.organisations().cached().await
}

/// Reads every organisation (each one's progress on the channel).
#[command]
pub async fn refresh_organisations(
    progress: Channel<OrgLoadProgress>,
    desk: State<'_, Desk>,
) -> Result<Vec<OrgRow>, AppError> {
    desk.organisations()
        .refresh(&move |p| drop(progress.send(p)))
        .await
}

#[command]
pub async fn certificates_across_organisations(
    desk: State<'_, Desk>,
) -> Result<Vec<OrgCertificateRow>, AppError> {
    desk.organisations().certificates().await
}

/// Applications of every organisation matching `query` (JIT only on request), each naming it.
#[command]
pub async fn search_organisations(
    query: String,
    jit_only: bool,
    desk: State<'_, Desk>,
) -> Result<Vec<OrgApplicationRow>, AppError> {
    desk.organisations()
        .search_applications(&query, jit_only)
        .await
}
