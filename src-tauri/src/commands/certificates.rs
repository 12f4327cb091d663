//! The Certificates page: every SAML application's IdP certificate, and the list as CSV.

use sso_desk_command::command;
use sso_desk_core::desk::{CertificateRow, Desk};
use tauri::State;

use crate::files::{save_text, SaveDir};
use crate::AppError;

/// Every SAML application's IdP certificate, soonest expiry first.
#[command]
pub async fn list_certificates(desk: State<'_, Desk>) -> Result<Vec<CertificateRow>, AppError> {
    desk.certificates().list().await
}

/// The certificates as CSV text (the UI saves it).
#[command]
pub async fn certificates_csv(desk: State<'_, Desk>) -> Result<String, AppError> {
    desk.certificates().csv().await
}

/// Saves the certificates list as CSV to a file the admin picks.
#[command]
pub async fn save_certificates_csv(
    app: tauri::AppHandle,
    dir: State<'_, SaveDir>,
    desk: State<'_, Desk>,
) -> Result<Option<String>, AppError> {
    let csv = desk.certificates().csv().await?;
    save_text(app, &dir, "idp-certificates.csv".to_owned(), csv).await
}
