//! The "Single sign-on" tab of an application: its settings, SP metadata in, IdP metadata out.

use sso_desk_command::command;
use sso_desk_core::desk::{Desk, SsoImport, SsoSaveOutcome, SsoSettings};
use sso_desk_core::edits::{FieldChoice, Review};
use sso_desk_core::sso::SsoEdit;
use tauri::State;

use crate::AppError;

/// Opens the SSO settings: the draft of an earlier visit if there is one, else JumpCloud's copy.
#[command]
pub async fn open_sso_settings(id: String, desk: State<'_, Desk>) -> Result<SsoSettings, AppError> {
    desk.sso().open(&id).await
}

/// Changes one field of the draft; a value failing its check is kept and shown with its issue.
#[command]
pub async fn edit_sso_setting(
    application_id: String,
    edit: SsoEdit,
    desk: State<'_, Desk>,
) -> Result<SsoSettings, AppError> {
    desk.sso().edit(&application_id, &edit).await
}

/// Fills the draft from SP metadata XML (the text of the file the admin picked).
#[command]
pub async fn import_sp_metadata(
    application_id: String,
    xml: String,
    desk: State<'_, Desk>,
) -> Result<SsoImport, AppError> {
    desk.sso().import_metadata(&application_id, &xml).await
}

/// What a save would change (each field with its label and both values), and what blocks it.
#[command]
pub async fn review_sso_changes(id: String, desk: State<'_, Desk>) -> Result<Review, AppError> {
    desk.sso().review(&id).await
}

#[command]
pub async fn save_sso_settings(
    application_id: String,
    desk: State<'_, Desk>,
) -> Result<SsoSaveOutcome, AppError> {
    desk.sso().save(&application_id).await
}

#[command]
pub async fn discard_sso_draft(id: String, desk: State<'_, Desk>) -> Result<SsoSettings, AppError> {
    desk.sso().discard(&id).await
}

/// Rebases the draft onto the copy the conflicting save met, mine or theirs per field.
#[command]
pub async fn resolve_sso_conflicts(
    application_id: String,
    choices: Vec<FieldChoice>,
    desk: State<'_, Desk>,
) -> Result<SsoSettings, AppError> {
    desk.sso().resolve(&application_id, &choices).await
}

/// Keeps a damaged SSO draft file aside (a dated copy) and opens the settings afresh.
#[command]
pub async fn set_aside_damaged_sso_draft(
    application_id: String,
    desk: State<'_, Desk>,
) -> Result<SsoSettings, AppError> {
    desk.sso().set_aside_draft(&application_id).await
}

/// The IdP metadata URL, to copy.
#[command]
pub async fn idp_metadata_url(id: String, desk: State<'_, Desk>) -> Result<String, AppError> {
    desk.sso().metadata_url(&id).await
}
