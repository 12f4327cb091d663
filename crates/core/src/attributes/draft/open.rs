//! The drafts the attribute editor has open, one per connection and application, each change on
//! disk before it is acknowledged.
//!
//! The app keeps one [`OpenDrafts`]. A draft is started from the application as just read, or
//! found again on disk after a restart or a crash. Every edit, undo, redo and rebase is written
//! with [`DraftStore`] before the call returns, so what the admin sees is what would come back
//! after a crash. A save or a discard removes the file. Drafts live in their connection's folder
//! of the profile (the edit engine's store), so two organisations never see each other's drafts.
//! The lock is held only while a draft is read or changed in memory, never across a network call:
//! callers copy the draft out, talk to JumpCloud, and hand the outcome back.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{AttributeConflicts, AttributeDrafts, Draft, DraftView, RowChanges, RowChoice};
use crate::attributes::rules::{AttributeEdit, EditError};
use crate::attributes::{template_requirements, JitRequirement};
use crate::edits::{
    self, CertificateChange, ChangeLog, FieldConflict, Outcome, RebaseError, Review, ReviewChange,
    SaveError,
};
use crate::jumpcloud::{no_progress, Application, ApplicationSummary, Client, Error, Template};
use crate::profile::{ConnectionId, Profile, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum EditorError {
    #[error("the attribute editor of application {application_id} is not open")]
    NotOpen { application_id: String },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Edit(#[from] EditError),
    #[error(transparent)]
    Rebase(#[from] RebaseError),
    #[error("there is no conflict to resolve for application {application_id}; save again")]
    NoConflict { application_id: String },
    #[error(transparent)]
    Api(#[from] Error),
    #[error(transparent)]
    Save(#[from] SaveError),
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

impl From<&Draft> for AttributeEditorState {
    fn from(draft: &Draft) -> Self {
        let view = draft.view();
        AttributeEditorState {
            application: Application::from_json(draft.base.clone())
                .map(|a| a.summary())
                .unwrap_or_else(|| Application::default().summary()),
            restored: view.can_undo || view.can_redo || draft.has_changes(),
            template_found: draft.requirements.is_some(),
            view,
        }
    }
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
        differences: Vec<ReviewChange>,
        /// JumpCloud issued a new IdP certificate during the save (also in the change log): the
        /// service provider needs the new metadata, whichever tab saved.
        certificate_changed: Option<CertificateChange>,
    },
    /// Someone else changed the same rows meanwhile: nothing was written.
    Conflict { conflicts: AttributeConflicts },
}

/// What "Review changes" shows: the engine's review (every field a save changes, labelled, and
/// what blocks the save), and the rows behind it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AttributeReview {
    pub review: Review,
    pub rows: RowChanges,
}

type Key = (ConnectionId, String);

/// The open drafts of every connection. See the module notes.
pub struct OpenDrafts {
    profile: Profile,
    open: Mutex<HashMap<Key, Draft>>,
}

fn key(connection: &ConnectionId, application_id: &str) -> Key {
    (connection.clone(), application_id.to_owned())
}

impl OpenDrafts {
    /// Drafts are kept in each connection's folder of `profile`.
    pub fn new(profile: Profile) -> Self {
        OpenDrafts {
            profile,
            open: Mutex::new(HashMap::new()),
        }
    }

    /// The folder of drafts of `connection`.
    pub fn store(&self, connection: &ConnectionId) -> Result<AttributeDrafts, EditorError> {
        Ok(AttributeDrafts::new(&self.profile.connection(connection))?)
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<Key, Draft>> {
        // A panic while holding the lock cannot leave a half-changed draft: changes are made on
        // a copy and swapped in. So a poisoned lock is still good to use.
        self.open.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The draft of `application_id` if one is open or saved on disk (then it is opened).
    pub fn find(
        &self,
        connection: &ConnectionId,
        application_id: &str,
    ) -> Result<Option<Draft>, EditorError> {
        if let Some(open) = self.lock().get(&key(connection, application_id)) {
            return Ok(Some(open.clone()));
        }
        let Some(draft) = self.store(connection)?.load(application_id)? else {
            return Ok(None);
        };
        let mut open = self.lock();
        // Another call may have opened it meanwhile; the one in memory is the newer.
        let entry = open.entry(key(connection, application_id)).or_insert(draft);
        Ok(Some(entry.clone()))
    }

    /// Opens `draft` in memory (nothing is written until the first change).
    pub fn start(&self, connection: &ConnectionId, draft: Draft) -> Result<DraftView, EditorError> {
        let view = draft.view();
        self.lock()
            .insert(key(connection, &draft.application_id), draft);
        Ok(view)
    }

    /// A copy of the open draft.
    pub fn draft(
        &self,
        connection: &ConnectionId,
        application_id: &str,
    ) -> Result<Draft, EditorError> {
        self.lock()
            .get(&key(connection, application_id))
            .cloned()
            .ok_or_else(|| EditorError::NotOpen {
                application_id: application_id.to_owned(),
            })
    }

    /// Changes the open draft with `change` and writes it to disk before answering. When the
    /// change or the write fails, the draft stays as it was.
    fn change(
        &self,
        connection: &ConnectionId,
        application_id: &str,
        change: impl FnOnce(&mut Draft) -> Result<(), EditorError>,
    ) -> Result<DraftView, EditorError> {
        let store = self.store(connection)?;
        let mut open = self.lock();
        let entry = open
            .get_mut(&key(connection, application_id))
            .ok_or_else(|| EditorError::NotOpen {
                application_id: application_id.to_owned(),
            })?;
        let mut next = entry.clone();
        change(&mut next)?;
        if next != *entry {
            store.save(&next)?;
        }
        *entry = next;
        Ok(entry.view())
    }

    /// Applies an edit through the rules.
    pub fn apply(
        &self,
        connection: &ConnectionId,
        application_id: &str,
        edit: &AttributeEdit,
    ) -> Result<DraftView, EditorError> {
        self.change(connection, application_id, |d| Ok(d.apply(edit)?))
    }

    pub fn undo(
        &self,
        connection: &ConnectionId,
        application_id: &str,
    ) -> Result<DraftView, EditorError> {
        self.change(connection, application_id, |d| {
            d.undo();
            Ok(())
        })
    }

    pub fn redo(
        &self,
        connection: &ConnectionId,
        application_id: &str,
    ) -> Result<DraftView, EditorError> {
        self.change(connection, application_id, |d| {
            d.redo();
            Ok(())
        })
    }

    pub fn view(
        &self,
        connection: &ConnectionId,
        application_id: &str,
    ) -> Result<DraftView, EditorError> {
        Ok(self.draft(connection, application_id)?.view())
    }

    /// What a save would change.
    pub fn review(
        &self,
        connection: &ConnectionId,
        application_id: &str,
    ) -> Result<AttributeReview, EditorError> {
        let draft = self.draft(connection, application_id)?;
        Ok(AttributeReview {
            review: edits::review(&draft),
            rows: draft.row_changes(),
        })
    }

    /// The save went through and JumpCloud now holds `stored`: the draft file goes, and editing
    /// starts afresh from the stored copy (same template requirements).
    pub fn saved(
        &self,
        connection: &ConnectionId,
        application_id: &str,
        stored: Value,
    ) -> Result<DraftView, EditorError> {
        let requirements = self.draft(connection, application_id)?.requirements;
        self.store(connection)?.discard(application_id)?;
        self.start(connection, Draft::new(stored, requirements))
    }

    /// The save met someone else's changes: `theirs` is the server's current copy (without the
    /// private key) and `conflicts` what the merge reported. The draft keeps `theirs` (on disk
    /// too) for [`OpenDrafts::resolve`].
    pub fn conflicted(
        &self,
        connection: &ConnectionId,
        application_id: &str,
        theirs: Value,
        conflicts: &[FieldConflict],
    ) -> Result<AttributeConflicts, EditorError> {
        let rows = self
            .draft(connection, application_id)?
            .conflicts(&theirs, conflicts);
        self.change(connection, application_id, |d| {
            d.theirs = Some(theirs);
            Ok(())
        })?;
        Ok(rows)
    }

    /// Rebases the draft onto the copy of the last conflict, with the admin's choice per row.
    pub fn resolve(
        &self,
        connection: &ConnectionId,
        application_id: &str,
        choices: &[RowChoice],
    ) -> Result<DraftView, EditorError> {
        self.change(connection, application_id, |d| {
            let theirs = d.theirs.take().ok_or_else(|| EditorError::NoConflict {
                application_id: application_id.to_owned(),
            })?;
            *d = d.rebase(theirs, choices)?;
            Ok(())
        })
    }

    /// The open draft, else the one kept on disk, else a fresh one from JumpCloud's copy. A
    /// damaged draft file is an error (the editor offers [`OpenDrafts::set_aside`]).
    pub async fn open(
        &self,
        connection: &ConnectionId,
        client: &Client,
        application_id: &str,
    ) -> Result<AttributeEditorState, EditorError> {
        match self.find(connection, application_id)? {
            Some(draft) => Ok(AttributeEditorState::from(&draft)),
            None => self.open_fresh(connection, client, application_id).await,
        }
    }

    /// Starts a fresh draft from the application as JumpCloud holds it now and its template's
    /// JIT requirements.
    pub async fn open_fresh(
        &self,
        connection: &ConnectionId,
        client: &Client,
        application_id: &str,
    ) -> Result<AttributeEditorState, EditorError> {
        let application = client.get_application(application_id).await?.into_value();
        crate::history::keep_versions(&self.profile.connection(connection), |h| {
            h.observe(&application)
        });
        let requirements = requirements_of(client, &application).await?;
        // Its base is kept on disk: the store strips the private key, and so does this copy.
        let draft = Draft::new(crate::sso::without_private_key(application), requirements);
        self.start(connection, draft.clone())?;
        Ok(AttributeEditorState::from(&draft))
    }

    /// Saves the draft through the engine: the complete application (JumpCloud's PUT resets what
    /// it is not sent), merged onto the current copy, read back and recorded. A conflict on the
    /// same rows writes nothing and comes back row by row; any other failure keeps the draft.
    pub async fn save(
        &self,
        connection: &ConnectionId,
        client: &Client,
        log: &ChangeLog,
        application_id: &str,
    ) -> Result<SaveOutcome, EditorError> {
        let draft = self.draft(connection, application_id)?;
        match edits::save_draft(client, log, "save", &draft).await? {
            Outcome::Saved {
                stored,
                differences,
                certificate,
            } => Ok(SaveOutcome::Saved {
                view: self.saved(connection, application_id, stored)?,
                differences,
                certificate_changed: certificate,
            }),
            Outcome::Conflict { theirs, conflicts } => Ok(SaveOutcome::Conflict {
                conflicts: self.conflicted(connection, application_id, theirs, &conflicts)?,
            }),
        }
    }

    /// Moves a damaged draft file aside (a dated copy is kept) and forgets the draft, so the
    /// editor can open the application afresh. Returns where the copy went, if there was a file.
    pub fn set_aside(
        &self,
        connection: &ConnectionId,
        application_id: &str,
    ) -> Result<Option<PathBuf>, EditorError> {
        let kept = self.store(connection)?.set_aside(application_id)?;
        self.lock().remove(&key(connection, application_id));
        Ok(kept)
    }

    /// Drops the draft, in memory and on disk.
    pub fn discard(
        &self,
        connection: &ConnectionId,
        application_id: &str,
    ) -> Result<(), EditorError> {
        let store = self.store(connection)?;
        store.discard(application_id)?;
        self.lock().remove(&key(connection, application_id));
        Ok(())
    }
}

/// The JIT requirements of `application`'s connector, read from its template (found by name).
/// `None` when no template has that name, so rows fall back to their `required` flags.
pub async fn requirements_of(
    client: &Client,
    application: &Value,
) -> Result<Option<Vec<JitRequirement>>, Error> {
    let Some(name) = application.get("name").and_then(Value::as_str) else {
        return Ok(None);
    };
    let found: Vec<Template> = client
        .list_v1(
            "/api/application-templates",
            &[("filter", format!("name:$eq:{name}"))],
            &no_progress,
        )
        .await?;
    // The filter is checked again here: a server that ignores it must not mislead us.
    Ok(found
        .iter()
        .find(|t| t.name == name)
        .map(template_requirements))
}
