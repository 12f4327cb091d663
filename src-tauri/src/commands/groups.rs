//! User groups and the applications bound to them.

use sso_desk_command::command;
use sso_desk_core::applications::{GroupApplication, UserGroupRow};
use sso_desk_core::desk::Desk;
use tauri::State;

use crate::AppError;

/// Every user group of the organisation, sorted by name.
#[command]
pub async fn list_user_groups(desk: State<'_, Desk>) -> Result<Vec<UserGroupRow>, AppError> {
    desk.groups().list().await
}

/// The applications a group opens, directly or through other groups.
#[command]
pub async fn group_applications(
    group_id: String,
    desk: State<'_, Desk>,
) -> Result<Vec<GroupApplication>, AppError> {
    desk.groups().applications(&group_id).await
}

/// Binds the group to the application, then reads the group's applications again.
#[command]
pub async fn bind_group_application(
    group_id: String,
    application_id: String,
    desk: State<'_, Desk>,
) -> Result<Vec<GroupApplication>, AppError> {
    desk.groups().bind(&group_id, &application_id).await
}

/// Unbinds the group from the application, then reads the group's applications again.
#[command]
pub async fn unbind_group_application(
    group_id: String,
    application_id: String,
    desk: State<'_, Desk>,
) -> Result<Vec<GroupApplication>, AppError> {
    desk.groups().unbind(&group_id, &application_id).await
}
