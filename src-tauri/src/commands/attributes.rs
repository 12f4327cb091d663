//! The "User attributes" tab.

use sso_desk_command::command;
use sso_desk_core::attributes::draft::{AttributeReview, DraftView, RowChoice};
use sso_desk_core::attributes::rules::catalogue::SourceChoices;
use sso_desk_core::attributes::rules::AttributeEdit;
use sso_desk_core::desk::{AttributeEditorState, Desk, SaveOutcome};
use tauri::State;

use crate::AppError;

/// Opens the editor: the draft of an earlier visit if there is one, else a fresh one.
#[command]
pub async fn open_attribute_editor(
    application_id: String,
    desk: State<'_, Desk>,
) -> Result<AttributeEditorState, AppError> {
    desk.attributes().open(&application_id).await
}

/// What the source picker offers: JumpCloud's user properties and the org's custom attributes.
#[command]
pub async fn attribute_source_choices(desk: State<'_, Desk>) -> Result<SourceChoices, AppError> {
    desk.attributes().source_choices().await
}

#[command]
pub async fn apply_attribute_edit(
    application_id: String,
    edit: AttributeEdit,
    desk: State<'_, Desk>,
) -> Result<DraftView, AppError> {
    desk.attributes().apply(&application_id, &edit).await
}

#[command]
pub async fn undo_attribute_edit(id: String, desk: State<'_, Desk>) -> Result<DraftView, AppError> {
    desk.attributes().undo(&id).await
}

#[command]
pub async fn redo_attribute_edit(id: String, desk: State<'_, Desk>) -> Result<DraftView, AppError> {
    desk.attributes().redo(&id).await
}

#[command]
pub async fn review_attribute_changes(
    application_id: String,
    desk: State<'_, Desk>,
) -> Result<AttributeReview, AppError> {
    desk.attributes().review(&application_id).await
}

/// The safe save: merged onto the current copy, read back; conflicts come back row by row.
#[command]
pub async fn save_attributes(id: String, desk: State<'_, Desk>) -> Result<SaveOutcome, AppError> {
    desk.attributes().save(&id).await
}

/// Rebases the draft onto the copy the conflicting save met, per the admin's choices.
#[command]
pub async fn resolve_attribute_conflicts(
    application_id: String,
    choices: Vec<RowChoice>,
    desk: State<'_, Desk>,
) -> Result<DraftView, AppError> {
    desk.attributes().resolve(&application_id, &choices).await
}

/// Drops the draft and opens the application as JumpCloud holds it now.
#[command]
pub async fn discard_attribute_draft(
    application_id: String,
    desk: State<'_, Desk>,
) -> Result<AttributeEditorState, AppError> {
    desk.attributes().discard(&application_id).await
}

/// Keeps a damaged draft file aside (a dated copy) and opens the application afresh.
#[command]
pub async fn set_aside_damaged_draft(
    application_id: String,
    desk: State<'_, Desk>,
) -> Result<AttributeEditorState, AppError> {
    desk.attributes().set_aside_draft(&application_id).await
}
