//! The "User attributes" tab: open an application's attribute editor, edit, undo, redo, review,
//! save (with conflicts shown row by row), resolve, discard, and set a damaged draft aside.
//! Drafts are kept by [`OpenDrafts`], which writes every change to disk before a call answers.

use serde::Serialize;

use super::{changes, AppError, Desk};
use crate::attributes::rules::catalogue::{source_choices_for, SourceChoices};
use crate::attributes::rules::AttributeEdit;
use crate::connections::session::Connected;
use crate::drafts::editor::{requirements_of, AttributeReview};
use crate::drafts::json_diff::FieldChange;
use crate::drafts::save::{save_application, SaveResult};
use crate::drafts::{AttributeConflicts, Draft, DraftView, RowChoice};
use crate::jumpcloud::{no_progress, Application, ApplicationSummary};
use crate::sso::without_private_key;

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
// Returned once per save and serialised straight away: boxing the view would buy nothing.
#[allow(clippy::large_enum_variant)]
pub enum SaveOutcome {
    /// JumpCloud holds the edits; editing starts afresh from the stored copy. `differences`
    /// lists what JumpCloud stored differently from what was sent (read back after the write).
    #[serde(rename_all = "camelCase")]
    Saved {
        view: DraftView,
        differences: Vec<FieldChange>,
    },
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

/// The attribute editor.
pub struct Attributes<'a>(pub(super) &'a Desk);

impl Attributes<'_> {
    /// Opens the editor: the draft of an earlier visit (kept on disk) if there is one, else a
    /// fresh one from the application and its template's JIT requirements. A damaged draft file
    /// is an [`AppError::Damaged`]: the UI offers [`Attributes::set_aside_draft`].
    pub async fn open(&self, application_id: &str) -> Result<AttributeEditorState, AppError> {
        let connected = self.0.session().connect().await?;
        if let Some(draft) = self.0.drafts.find(&connected.id, application_id)? {
            let view = draft.view();
            return Ok(state_of(&draft, view));
        }
        self.start_fresh(&connected, application_id).await
    }

    /// What the source picker offers: JumpCloud's user properties and the org's custom attributes.
    pub async fn source_choices(&self) -> Result<SourceChoices, AppError> {
        let connected = self.0.session().connect().await?;
        let users = connected.client.list_users(&no_progress).await?;
        Ok(source_choices_for(&users))
    }

    pub async fn apply(
        &self,
        application_id: &str,
        edit: &AttributeEdit,
    ) -> Result<DraftView, AppError> {
        let id = self.0.session().connect().await?.id;
        Ok(self.0.drafts.apply(&id, application_id, edit)?)
    }

    pub async fn undo(&self, application_id: &str) -> Result<DraftView, AppError> {
        let id = self.0.session().connect().await?.id;
        Ok(self.0.drafts.undo(&id, application_id)?)
    }

    pub async fn redo(&self, application_id: &str) -> Result<DraftView, AppError> {
        let id = self.0.session().connect().await?.id;
        Ok(self.0.drafts.redo(&id, application_id)?)
    }

    pub async fn review(&self, application_id: &str) -> Result<AttributeReview, AppError> {
        let id = self.0.session().connect().await?.id;
        Ok(self.0.drafts.review(&id, application_id)?)
    }

    /// Sends the complete application (JumpCloud's PUT resets what it is not sent), merged onto
    /// the current copy, and reads it back. A conflict on the same rows writes nothing and comes
    /// back row by row; any other failure keeps the draft.
    pub async fn save(&self, application_id: &str) -> Result<SaveOutcome, AppError> {
        let Connected { id, client } = self.0.session().connect().await?;
        let drafts = &self.0.drafts;
        let draft = drafts.draft(&id, application_id)?;
        if let Some(reason) = draft.read_only() {
            return Err(AppError::Invalid {
                message: reason,
                field: None,
            });
        }
        if !draft.view().can_save {
            return Err(AppError::Invalid {
                message: "Nothing to save, or some fields need fixing first.".to_owned(),
                field: None,
            });
        }
        match save_application(&client, &draft.base, &draft.edited_application()).await? {
            SaveResult::Saved {
                stored,
                differences,
            } => {
                let differences = changes::without_secrets(differences);
                self.0
                    .record(&id, "save", application_id, None, &differences);
                Ok(SaveOutcome::Saved {
                    // The draft keeps the stored copy: without the IdP private key (see `sso`).
                    view: drafts.saved(&id, application_id, without_private_key(stored))?,
                    differences,
                })
            }
            SaveResult::Conflict { theirs, conflicts } => Ok(SaveOutcome::Conflict {
                // Their copy becomes the draft's base: without the IdP private key.
                conflicts: drafts.conflicted(
                    &id,
                    application_id,
                    without_private_key(theirs),
                    &conflicts,
                )?,
            }),
        }
    }

    /// Rebases the draft onto the copy the conflicting save met, keeping mine or taking theirs
    /// per row; the admin reviews and saves again.
    pub async fn resolve(
        &self,
        application_id: &str,
        choices: &[RowChoice],
    ) -> Result<DraftView, AppError> {
        let id = self.0.session().connect().await?.id;
        Ok(self.0.drafts.resolve(&id, application_id, choices)?)
    }

    /// Drops the draft and opens the application as JumpCloud holds it now.
    pub async fn discard(&self, application_id: &str) -> Result<AttributeEditorState, AppError> {
        let connected = self.0.session().connect().await?;
        self.0.drafts.discard(&connected.id, application_id)?;
        self.start_fresh(&connected, application_id).await
    }

    /// Moves a damaged draft file aside (a dated copy is kept next to it) and opens the
    /// application as JumpCloud holds it now.
    pub async fn set_aside_draft(
        &self,
        application_id: &str,
    ) -> Result<AttributeEditorState, AppError> {
        let connected = self.0.session().connect().await?;
        if let Some(kept) = self.0.drafts.set_aside(&connected.id, application_id)? {
            tracing::warn!(kept = %kept.display(), "a damaged draft was set aside");
        }
        self.start_fresh(&connected, application_id).await
    }

    /// Starts a fresh draft from the application as JumpCloud holds it now.
    async fn start_fresh(
        &self,
        connected: &Connected,
        application_id: &str,
    ) -> Result<AttributeEditorState, AppError> {
        let client = &connected.client;
        // A draft is kept on disk and its base is the whole application: never with the IdP
        // private key. A save merges onto the server's fresh copy, which keeps the key.
        let application =
            without_private_key(client.get_application(application_id).await?.into_value());
        let requirements = requirements_of(client, &application).await?;
        let draft = Draft::new(application, requirements);
        let view = self.0.drafts.start(&connected.id, draft.clone())?;
        Ok(state_of(&draft, view))
    }
}
