//! The "User attributes" tab: open an application's attribute editor, edit, undo, redo, review,
//! save (with conflicts shown row by row), resolve and discard. Drafts are kept by core's
//! [`OpenDrafts`], which writes every change to disk before a command answers.

use serde::Serialize;
use sso_desk_core::attribute_editor::{requirements_of, AttributeReview, EditorError, OpenDrafts};
use sso_desk_core::attributes::rules::catalogue::{source_choices_for, SourceChoices};
use sso_desk_core::attributes::rules::AttributeEdit;
use sso_desk_core::drafts::{AttributeConflicts, Draft, DraftView, RowChoice};
use sso_desk_core::jumpcloud::{self, no_progress, Application, ApplicationSummary};
use tauri::State;

use crate::error::AppError;
use crate::state::Session;

impl From<EditorError> for AppError {
    fn from(err: EditorError) -> Self {
        let message = err.to_string();
        match err {
            EditorError::Edit(_) | EditorError::Conflict(_) | EditorError::NoConflict { .. } => {
                AppError::Invalid {
                    message,
                    field: None,
                }
            }
            EditorError::NotOpen { .. } => AppError::NotFound { message },
            EditorError::InvalidConnection(_) | EditorError::Store(_) => {
                AppError::Internal { message }
            }
        }
    }
}

/// What the tab shows when it opens.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AttributeEditorState {
    pub application: ApplicationSummary,
    pub view: DraftView,
    /// The draft holds edits from before (a restart, a crash, another visit).
    pub restored: bool,
    /// The connector's template was found; otherwise JIT rows are known by their flags only.
    pub template_found: bool,
}

/// What a save did.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(tag = "outcome", rename_all = "camelCase")]
pub enum SaveOutcome {
    /// JumpCloud holds the edits; editing starts afresh from the stored copy.
    Saved { view: DraftView },
    /// Someone else changed the same rows meanwhile: nothing was written.
    Conflict { conflicts: AttributeConflicts },
}

fn state_of(draft: &Draft, view: DraftView) -> AttributeEditorState {
    let application = Application::from_json(draft.base.clone())
        .map(|a| a.summary())
        .unwrap_or_else(|| Application::default().summary());
    AttributeEditorState {
        application,
        restored: view.can_undo || view.can_redo || draft.has_changes(),
        template_found: draft.requirements.is_some(),
        view,
    }
}

/// Starts a fresh draft from the application as JumpCloud holds it now.
async fn start_fresh(
    application_id: &str,
    session: &Session,
    drafts: &OpenDrafts,
) -> Result<AttributeEditorState, AppError> {
    let client = session.client().await?;
    let application = client.get_application(application_id).await?.into_value();
    let requirements = requirements_of(&client, &application).await?;
    let draft = Draft::new(application, requirements);
    let view = drafts.start(&session.connection_id(), draft.clone())?;
    Ok(state_of(&draft, view))
}

/// Opens the editor: the draft of an earlier visit (kept on disk) if there is one, else a fresh
/// one from the application and its template's JIT requirements.
#[tauri::command]
#[specta::specta]
pub async fn open_attribute_editor(
    application_id: String,
    session: State<'_, Session>,
    drafts: State<'_, OpenDrafts>,
) -> Result<AttributeEditorState, AppError> {
    if let Some(draft) = drafts.find(&session.connection_id(), &application_id)? {
        let view = draft.view();
        return Ok(state_of(&draft, view));
    }
    start_fresh(&application_id, &session, &drafts).await
}

/// What the source picker offers: JumpCloud's user properties and the org's custom attributes.
#[tauri::command]
#[specta::specta]
pub async fn attribute_source_choices(
    session: State<'_, Session>,
) -> Result<SourceChoices, AppError> {
    let users = session.client().await?.list_users(&no_progress).await?;
    Ok(source_choices_for(&users))
}

#[tauri::command]
#[specta::specta]
pub async fn apply_attribute_edit(
    application_id: String,
    edit: AttributeEdit,
    session: State<'_, Session>,
    drafts: State<'_, OpenDrafts>,
) -> Result<DraftView, AppError> {
    Ok(drafts.apply(&session.connection_id(), &application_id, &edit)?)
}

#[tauri::command]
#[specta::specta]
pub async fn undo_attribute_edit(
    application_id: String,
    session: State<'_, Session>,
    drafts: State<'_, OpenDrafts>,
) -> Result<DraftView, AppError> {
    Ok(drafts.undo(&session.connection_id(), &application_id)?)
}

#[tauri::command]
#[specta::specta]
pub async fn redo_attribute_edit(
    application_id: String,
    session: State<'_, Session>,
    drafts: State<'_, OpenDrafts>,
) -> Result<DraftView, AppError> {
    Ok(drafts.redo(&session.connection_id(), &application_id)?)
}

#[tauri::command]
#[specta::specta]
pub async fn review_attribute_changes(
    application_id: String,
    session: State<'_, Session>,
    drafts: State<'_, OpenDrafts>,
) -> Result<AttributeReview, AppError> {
    Ok(drafts.review(&session.connection_id(), &application_id)?)
}

/// Sends the complete application (JumpCloud's PUT resets what it is not sent), merged onto the
/// current copy. A conflict on the same rows writes nothing and comes back row by row; any other
/// failure keeps the draft.
#[tauri::command]
#[specta::specta]
pub async fn save_attributes(
    application_id: String,
    session: State<'_, Session>,
    drafts: State<'_, OpenDrafts>,
) -> Result<SaveOutcome, AppError> {
    // The client first: the connection id is settled once the active connection is open.
    let client = session.client().await?;
    let connection = session.connection_id();
    let draft = drafts.draft(&connection, &application_id)?;
    let view = draft.view();
    if !view.can_save {
        return Err(AppError::Invalid {
            message: "Nothing to save, or some fields need fixing first.".to_owned(),
            field: None,
        });
    }
    let not_an_object = || AppError::internal("the application is not a JSON object");
    let base = Application::from_json(draft.base.clone()).ok_or_else(not_an_object)?;
    let edited = Application::from_json(draft.edited_application()).ok_or_else(not_an_object)?;
    match client.update_application(&base, &edited).await {
        Ok(stored) => Ok(SaveOutcome::Saved {
            view: drafts.saved(&connection, &application_id, stored.into_value())?,
        }),
        Err(jumpcloud::Error::Conflict { conflicts }) => {
            let theirs = client.get_application(&application_id).await?.into_value();
            Ok(SaveOutcome::Conflict {
                conflicts: drafts.conflicted(&connection, &application_id, theirs, &conflicts)?,
            })
        }
        Err(err) => Err(err.into()),
    }
}

/// Rebases the draft onto the copy the conflicting save met, keeping mine or taking theirs per
/// row; the admin reviews and saves again.
#[tauri::command]
#[specta::specta]
pub async fn resolve_attribute_conflicts(
    application_id: String,
    choices: Vec<RowChoice>,
    session: State<'_, Session>,
    drafts: State<'_, OpenDrafts>,
) -> Result<DraftView, AppError> {
    Ok(drafts.resolve(&session.connection_id(), &application_id, &choices)?)
}

/// Drops the draft and opens the application as JumpCloud holds it now.
#[tauri::command]
#[specta::specta]
pub async fn discard_attribute_draft(
    application_id: String,
    session: State<'_, Session>,
    drafts: State<'_, OpenDrafts>,
) -> Result<AttributeEditorState, AppError> {
    drafts.discard(&session.connection_id(), &application_id)?;
    start_fresh(&application_id, &session, &drafts).await
}
