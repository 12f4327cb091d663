//! Settings → Connections. The secret arrives once inside a `ConnectionDraft` and never leaves
//! the core again (see `sso_desk_core::desk::connections`).

use sso_desk_command::command;
use sso_desk_core::desk::{
    ConnectionCheck, ConnectionDraft, ConnectionList, Desk, FidelityReport, OrganizationChoice,
};
use tauri::State;

use crate::AppError;

#[command]
pub async fn list_connections(desk: State<'_, Desk>) -> Result<ConnectionList, AppError> {
    Ok(desk.connections().list().await)
}

/// Checks the form's credentials with one cheap request, saving nothing.
#[command]
pub async fn test_connection(
    draft: ConnectionDraft,
    desk: State<'_, Desk>,
) -> Result<ConnectionCheck, AppError> {
    desk.connections().test(draft).await
}

/// The organisations the form's credentials can act on.
#[command]
pub async fn list_organizations(
    draft: ConnectionDraft,
    desk: State<'_, Desk>,
) -> Result<Vec<OrganizationChoice>, AppError> {
    desk.connections().organizations(draft).await
}

/// Tests the credentials and, only if they work, stores the connection (secret in the keyring).
#[command]
pub async fn save_connection(
    draft: ConnectionDraft,
    activate: bool,
    desk: State<'_, Desk>,
) -> Result<ConnectionList, AppError> {
    desk.connections().save(draft, activate).await
}

#[command]
pub async fn switch_connection(
    id: String,
    desk: State<'_, Desk>,
) -> Result<ConnectionList, AppError> {
    desk.connections().switch(&id).await
}

/// Removes a stored connection and deletes its secret from the keyring.
#[command]
pub async fn remove_connection(
    id: String,
    desk: State<'_, Desk>,
) -> Result<ConnectionList, AppError> {
    desk.connections().remove(&id).await
}

/// Re-seeds the sandbox's sample organisation, discarding every change made to it.
#[command]
pub async fn reset_sample_data(desk: State<'_, Desk>) -> Result<(), AppError> {
    desk.connections().reset_sample_data().await
}

/// The fidelity report: what SSO Desk would not understand, or change untouched. Read-only.
#[command]
pub async fn fidelity_report(desk: State<'_, Desk>) -> Result<FidelityReport, AppError> {
    desk.fidelity().report().await
}
