//! The "User attributes" tab: open an application's attribute editor, edit, undo, redo, review,
//! save (with conflicts shown row by row), resolve, discard, and set a damaged draft aside. The
//! editor's drafts ([`OpenDrafts`]) are the edit engine's attribute kind.

use super::{AppError, Desk};
use crate::attributes::draft::{AttributeReview, DraftView, OpenDrafts, RowChoice};
use crate::attributes::rules::catalogue::{source_choices_for, SourceChoices};
use crate::attributes::rules::AttributeEdit;
use crate::jumpcloud::no_progress;

pub use crate::attributes::draft::{AttributeEditorState, SaveOutcome};

/// The attribute editor.
pub struct Attributes<'a>(pub(super) &'a Desk);

impl Attributes<'_> {
    fn drafts(&self) -> &OpenDrafts {
        &self.0.drafts
    }

    /// Opens the editor: the draft of an earlier visit (kept on disk) if there is one, else a
    /// fresh one. A damaged draft file is an [`AppError::Damaged`]: the UI offers
    /// [`Attributes::set_aside_draft`].
    pub async fn open(&self, application_id: &str) -> Result<AttributeEditorState, AppError> {
        let c = self.0.session().connect().await?;
        Ok(self.drafts().open(&c.id, &c.client, application_id).await?)
    }

    /// What the source picker offers: JumpCloud's user properties and the org's custom attributes.
    pub async fn source_choices(&self) -> Result<SourceChoices, AppError> {
        let c = self.0.session().connect().await?;
        Ok(source_choices_for(
            &c.client.list_users(&no_progress).await?,
        ))
    }

    pub async fn apply(
        &self,
        application_id: &str,
        edit: &AttributeEdit,
    ) -> Result<DraftView, AppError> {
        let id = self.0.session().connect().await?.id;
        Ok(self.drafts().apply(&id, application_id, edit)?)
    }

    pub async fn undo(&self, application_id: &str) -> Result<DraftView, AppError> {
        let id = self.0.session().connect().await?.id;
        Ok(self.drafts().undo(&id, application_id)?)
    }

    pub async fn redo(&self, application_id: &str) -> Result<DraftView, AppError> {
        let id = self.0.session().connect().await?.id;
        Ok(self.drafts().redo(&id, application_id)?)
    }

    pub async fn review(&self, application_id: &str) -> Result<AttributeReview, AppError> {
        let id = self.0.session().connect().await?.id;
        Ok(self.drafts().review(&id, application_id)?)
    }

    /// The engine's safe save; see [`OpenDrafts::save`].
    pub async fn save(&self, application_id: &str) -> Result<SaveOutcome, AppError> {
        let c = self.0.session().connect().await?;
        let log = self.0.change_log(&c.id);
        Ok(self
            .drafts()
            .save(&c.id, &c.client, &log, application_id)
            .await?)
    }

    /// Rebases the draft onto the copy the conflicting save met, keeping mine or taking theirs
    /// per row; the admin reviews and saves again.
    pub async fn resolve(
        &self,
        application_id: &str,
        choices: &[RowChoice],
    ) -> Result<DraftView, AppError> {
        let id = self.0.session().connect().await?.id;
        Ok(self.drafts().resolve(&id, application_id, choices)?)
    }

    /// Drops the draft and opens the application as JumpCloud holds it now.
    pub async fn discard(&self, application_id: &str) -> Result<AttributeEditorState, AppError> {
        let c = self.0.session().connect().await?;
        self.drafts().discard(&c.id, application_id)?;
        Ok(self
            .drafts()
            .open_fresh(&c.id, &c.client, application_id)
            .await?)
    }

    /// Moves a damaged draft file aside (a dated copy is kept next to it) and opens the
    /// application as JumpCloud holds it now.
    pub async fn set_aside_draft(
        &self,
        application_id: &str,
    ) -> Result<AttributeEditorState, AppError> {
        let c = self.0.session().connect().await?;
        if let Some(kept) = self.drafts().set_aside(&c.id, application_id)? {
            tracing::warn!(kept = %kept.display(), "a damaged draft was set aside");
        }
        Ok(self
            .drafts()
            .open_fresh(&c.id, &c.client, application_id)
            .await?)
    }
}
