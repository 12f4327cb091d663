//! JIT readiness and the assertion preview.

use sso_desk_command::command;
use sso_desk_core::desk::{ApplicationReadinessRun, Desk, OrgReadiness};
use sso_desk_core::readiness::{AssertionPreview, ReadinessLoadProgress, UserSummary};
use tauri::ipc::Channel;
use tauri::State;

use crate::AppError;

/// Reads the organisation again (progress on the channel) and answers its readiness.
#[command]
pub async fn refresh_readiness(
    on_progress: Channel<ReadinessLoadProgress>,
    desk: State<'_, Desk>,
) -> Result<OrgReadiness, AppError> {
    desk.readiness()
        .refresh(move |p| drop(on_progress.send(p)))
        .await
}

/// The last run's readiness across the organisation; `None` before the first run.
#[command]
pub async fn last_org_readiness(desk: State<'_, Desk>) -> Result<Option<OrgReadiness>, AppError> {
    desk.readiness().last().await
}

/// One application's readiness, from the loaded organisation or the last run.
#[command]
pub async fn application_readiness(
    application_id: String,
    desk: State<'_, Desk>,
) -> Result<ApplicationReadinessRun, AppError> {
    desk.readiness().application(&application_id).await
}

/// The application's not-ready users as CSV text.
#[command]
pub async fn export_readiness_csv(id: String, desk: State<'_, Desk>) -> Result<String, AppError> {
    desk.readiness().csv(&id).await
}

/// What the application would send for the user: attribute statements and NameID.
#[command]
pub async fn preview_assertion(
    application_id: String,
    user_id: String,
    desk: State<'_, Desk>,
) -> Result<AssertionPreview, AppError> {
    desk.readiness().preview(&application_id, &user_id).await
}

/// Users whose name, email or username match the query, for the preview's picker.
#[command]
pub async fn search_users(
    query: String,
    desk: State<'_, Desk>,
) -> Result<Vec<UserSummary>, AppError> {
    desk.readiness().search_users(&query).await
}
