//! Drafts on disk: one file per application in the `drafts` folder of its connection
//! ([`ConnectionDir`]: versioned JSON, written atomically, owner-only). A file that cannot be
//! read as a draft is reported with its path and left where it is until the admin discards it,
//! which keeps a copy aside.

use std::path::PathBuf;

use super::Draft;
use crate::profile::{ConnectionDir, StoreError};

/// The version written into every draft file; a file with another version is not guessed at.
pub const DRAFT_FORMAT: u32 = 2;

const SUFFIX: &str = ".draft.json";

/// JumpCloud ids are 24 hex digits; anything that could leave the folder is refused.
fn file_name(application_id: &str) -> Result<String, StoreError> {
    let fine = !application_id.is_empty()
        && application_id.len() <= 128
        && application_id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if fine {
        Ok(format!("{application_id}{SUFFIX}"))
    } else {
        Err(StoreError::InvalidName(application_id.to_owned()))
    }
}

/// The folder of drafts of one connection.
#[derive(Clone, Debug)]
pub struct DraftStore {
    dir: ConnectionDir,
}

impl DraftStore {
    /// The drafts of the connection whose folder is `connection`.
    pub fn new(connection: &ConnectionDir) -> Result<Self, StoreError> {
        Ok(Self {
            dir: connection.sub("drafts")?,
        })
    }

    /// The file a draft for `application_id` lives in.
    pub fn path_of(&self, application_id: &str) -> Result<PathBuf, StoreError> {
        self.dir.file(&file_name(application_id)?)
    }

    /// Writes the draft atomically.
    pub fn save(&self, draft: &Draft) -> Result<(), StoreError> {
        self.dir
            .write(&file_name(&draft.application_id)?, DRAFT_FORMAT, draft)
            .map(|_| ())
    }

    /// The draft for `application_id`, or `None` when there is none.
    pub fn load(&self, application_id: &str) -> Result<Option<Draft>, StoreError> {
        let name = file_name(application_id)?;
        let Some(stored) = self.dir.read::<Draft>(&name, DRAFT_FORMAT)? else {
            return Ok(None);
        };
        if stored.value.application_id != application_id {
            return Err(StoreError::Damaged {
                path: self.dir.file(&name)?,
                reason: format!(
                    "it holds the draft of application {}",
                    stored.value.application_id
                ),
            });
        }
        Ok(Some(stored.value))
    }

    /// The application ids that have a draft, sorted. Only file names are read: a damaged draft
    /// is listed, and reported when loaded.
    pub fn list(&self) -> Result<Vec<String>, StoreError> {
        Ok(self
            .dir
            .names_ending(SUFFIX)?
            .into_iter()
            .filter(|id| file_name(id).is_ok())
            .collect())
    }

    /// Removes the draft for `application_id`; discarding a draft that does not exist is fine.
    pub fn discard(&self, application_id: &str) -> Result<(), StoreError> {
        self.dir.remove(&file_name(application_id)?)
    }

    /// Moves a damaged draft aside (kept under a dated name) so the editor can start afresh.
    pub fn set_aside(&self, application_id: &str) -> Result<Option<PathBuf>, StoreError> {
        let name = file_name(application_id)?;
        if !self.dir.file(&name)?.exists() {
            return Ok(None);
        }
        self.dir.set_aside(&name).map(Some)
    }
}
