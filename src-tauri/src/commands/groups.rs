//! User groups and the applications bound to them: read, bind, unbind. A change is followed by a
//! fresh read, so what the UI shows is what JumpCloud holds.

use sso_desk_core::applications::{self, GroupApplication, UserGroupRow};
use sso_desk_core::jumpcloud::no_progress;
use tauri::State;

use crate::commands::applications::cached_list;
use crate::error::AppError;
use crate::state::{Paths, Session};

/// Every user group of the organisation, sorted by name.
#[tauri::command]
#[specta::specta]
pub async fn list_user_groups(session: State<'_, Session>) -> Result<Vec<UserGroupRow>, AppError> {
    let client = session.client().await?;
    let groups = client.list_user_groups(&no_progress).await?;
    Ok(applications::user_group_rows(&groups))
}

/// The applications a group opens, directly or through other groups.
#[tauri::command]
#[specta::specta]
pub async fn group_applications(
    group_id: String,
    paths: State<'_, Paths>,
    session: State<'_, Session>,
) -> Result<Vec<GroupApplication>, AppError> {
    read_group_applications(&group_id, &paths, &session).await
}

/// Binds the group to the application in JumpCloud, then reads the group's applications again.
#[tauri::command]
#[specta::specta]
pub async fn bind_group_application(
    group_id: String,
    application_id: String,
    paths: State<'_, Paths>,
    session: State<'_, Session>,
) -> Result<Vec<GroupApplication>, AppError> {
    let client = session.client().await?;
    client.bind_group(&application_id, &group_id).await?;
    read_group_applications(&group_id, &paths, &session).await
}

/// Unbinds the group from the application in JumpCloud, then reads the group's applications again.
#[tauri::command]
#[specta::specta]
pub async fn unbind_group_application(
    group_id: String,
    application_id: String,
    paths: State<'_, Paths>,
    session: State<'_, Session>,
) -> Result<Vec<GroupApplication>, AppError> {
    let client = session.client().await?;
    client.unbind_group(&application_id, &group_id).await?;
    read_group_applications(&group_id, &paths, &session).await
}

async fn read_group_applications(
    group_id: &str,
    paths: &Paths,
    session: &Session,
) -> Result<Vec<GroupApplication>, AppError> {
    let client = session.client().await?;
    let accesses = client.group_applications(group_id).await?;
    let groups = client.list_user_groups(&no_progress).await?;
    let cached = cached_list(paths, session).map(|c| c.value);
    let (known, templates) = cached.map(|l| (l.rows, l.templates)).unwrap_or_default();
    let ids: Vec<String> = accesses
        .iter()
        .filter(|a| a.kind == "application")
        .map(|a| a.id.clone())
        .collect();
    let rows = applications::rows_for(&client, &ids, &known, &templates).await?;
    Ok(applications::group_applications(&accesses, &rows, &groups))
}
