//! An application's History tab: versions, compare, restore, and deleted applications back.

use sso_desk_command::command;
use sso_desk_core::desk::{ApplicationHistory as Versions, Desk};
use sso_desk_core::edits::ReviewChange;
use sso_desk_core::history::{RestoreOutcome, RestoreReview, RestoredApplication as Restored};
use tauri::State;

use crate::AppError;

#[command]
pub async fn versions(id: String, desk: State<'_, Desk>) -> Result<Versions, AppError> {
    desk.history().versions(&id).await
}

#[command]
pub async fn compare_versions(
    id: String,
    from: String,
    to: String,
    desk: State<'_, Desk>,
) -> Result<Vec<ReviewChange>, AppError> {
    desk.history().compare(&id, &from, &to).await
}

#[command]
pub async fn review_restore(
    id: String,
    version: String,
    desk: State<'_, Desk>,
) -> Result<RestoreReview, AppError> {
    desk.history().review_restore(&id, &version).await
}

#[command]
pub async fn save_restore(id: String, desk: State<'_, Desk>) -> Result<RestoreOutcome, AppError> {
    desk.history().save_restore(&id).await
}

#[command]
pub async fn restore_deleted(id: String, desk: State<'_, Desk>) -> Result<Restored, AppError> {
    desk.history().restore_deleted(&id).await
}
