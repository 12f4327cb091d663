//! The Certificates page: every SAML application's IdP certificate, and the list as CSV.

use sso_desk_command::command;
use sso_desk_core::desk::{CertificateRow, Desk};
use tauri::State;

use crate::AppError;

/// Every SAML application's IdP certificate, soonest expiry first.
#[command]
pub async fn list_certificates(desk: State<'_, Desk>) -> Result<Vec<CertificateRow>, AppError> {
    desk.certificates().list().await
}
