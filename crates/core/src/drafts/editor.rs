//! The drafts the attribute editor has open, one per connection and application, each change on
//! disk before it is acknowledged.
//!
//! The app keeps one [`OpenDrafts`]. A draft is started from the application as just read, or
//! found again on disk after a restart or a crash. Every edit, undo, redo and rebase is written
//! with [`DraftStore`] before the call returns, so what the admin sees is what would come back
//! after a crash. A save or a discard removes the file. Drafts live in their connection's folder
//! of the profile, so two organisations never see each other's drafts. The lock is held only while a draft is
//! read or changed in memory, never across a network call: callers copy the draft out, talk to
//! JumpCloud, and hand the outcome back.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::attributes::rules::{AttributeEdit, EditError, RowIssue};
use crate::attributes::{template_requirements, JitRequirement};
use crate::drafts::json_diff::{FieldChange, FieldConflict};
use crate::drafts::{
    AttributeConflicts, ConflictError, Draft, DraftStore, DraftView, RowChanges, RowChoice,
};
use crate::jumpcloud::{no_progress, Client, Error, Template};
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
    Conflict(#[from] ConflictError),
    #[error("there is no conflict to resolve for application {application_id}; save again")]
    NoConflict { application_id: String },
}

/// What "Review changes" shows: every field a save changes, the rows behind it, and what blocks
/// the save.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AttributeReview {
    pub fields: Vec<FieldChange>,
    pub rows: RowChanges,
    pub issues: Vec<RowIssue>,
    pub can_save: bool,
}

/// One open draft, and the server copy of a save that met a conflict (what a rebase goes onto).
struct Open {
    draft: Draft,
    theirs: Option<Value>,
}

type Key = (ConnectionId, String);

/// The open drafts of every connection. See the module notes.
pub struct OpenDrafts {
    profile: Profile,
    open: Mutex<HashMap<Key, Open>>,
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
    pub fn store(&self, connection: &ConnectionId) -> Result<DraftStore, EditorError> {
        Ok(DraftStore::new(&self.profile.connection(connection))?)
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<Key, Open>> {
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
            return Ok(Some(open.draft.clone()));
        }
        let Some(draft) = self.store(connection)?.load(application_id)? else {
            return Ok(None);
        };
        let mut open = self.lock();
        // Another call may have opened it meanwhile; the one in memory is the newer.
        let entry = open.entry(key(connection, application_id)).or_insert(Open {
            draft,
            theirs: None,
        });
        Ok(Some(entry.draft.clone()))
    }

    /// Opens `draft` in memory (nothing is written until the first change).
    pub fn start(&self, connection: &ConnectionId, draft: Draft) -> Result<DraftView, EditorError> {
        let view = draft.view();
        self.lock().insert(
            key(connection, &draft.application_id),
            Open {
                draft,
                theirs: None,
            },
        );
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
            .map(|o| o.draft.clone())
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
        change: impl FnOnce(&mut Open) -> Result<(), EditorError>,
    ) -> Result<DraftView, EditorError> {
        let store = self.store(connection)?;
        let mut open = self.lock();
        let entry = open
            .get_mut(&key(connection, application_id))
            .ok_or_else(|| EditorError::NotOpen {
                application_id: application_id.to_owned(),
            })?;
        let mut next = Open {
            draft: entry.draft.clone(),
            theirs: entry.theirs.clone(),
        };
        change(&mut next)?;
        if next.draft != entry.draft {
            store.save(&next.draft)?;
        }
        *entry = next;
        Ok(entry.draft.view())
    }

    /// Applies an edit through the rules.
    pub fn apply(
        &self,
        connection: &ConnectionId,
        application_id: &str,
        edit: &AttributeEdit,
    ) -> Result<DraftView, EditorError> {
        self.change(connection, application_id, |o| Ok(o.draft.apply(edit)?))
    }

    pub fn undo(
        &self,
        connection: &ConnectionId,
        application_id: &str,
    ) -> Result<DraftView, EditorError> {
        self.change(connection, application_id, |o| {
            o.draft.undo();
            Ok(())
        })
    }

    pub fn redo(
        &self,
        connection: &ConnectionId,
        application_id: &str,
    ) -> Result<DraftView, EditorError> {
        self.change(connection, application_id, |o| {
            o.draft.redo();
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
        let view = self.view(connection, application_id)?;
        let draft = self.draft(connection, application_id)?;
        Ok(AttributeReview {
            fields: draft.review(),
            rows: view.changes,
            issues: view.issues,
            can_save: view.can_save,
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

    /// The save met someone else's changes: `theirs` is the server's current copy and
    /// `conflicts` what the merge reported. Remembers `theirs` for [`OpenDrafts::resolve`].
    pub fn conflicted(
        &self,
        connection: &ConnectionId,
        application_id: &str,
        theirs: Value,
        conflicts: &[FieldConflict],
    ) -> Result<AttributeConflicts, EditorError> {
        let mut open = self.lock();
        let entry = open
            .get_mut(&key(connection, application_id))
            .ok_or_else(|| EditorError::NotOpen {
                application_id: application_id.to_owned(),
            })?;
        let rows = entry.draft.conflicts(&theirs, conflicts);
        entry.theirs = Some(theirs);
        Ok(rows)
    }

    /// Rebases the draft onto the copy of the last conflict, with the admin's choice per row.
    pub fn resolve(
        &self,
        connection: &ConnectionId,
        application_id: &str,
        choices: &[RowChoice],
    ) -> Result<DraftView, EditorError> {
        self.change(connection, application_id, |o| {
            let theirs = o.theirs.take().ok_or_else(|| EditorError::NoConflict {
                application_id: application_id.to_owned(),
            })?;
            o.draft = o.draft.rebase(theirs, choices)?;
            Ok(())
        })
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
