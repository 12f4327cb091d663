//! Drafts on disk: one JSON file per application in a directory the app owns.
//!
//! A save writes a temporary file in the same directory, flushes it to disk, and renames it over
//! the draft, so a crash leaves either the old draft or the new one, never half of one. A file
//! that cannot be read as a draft is reported with its path and left where it is.

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::Draft;

/// The version written into every draft file; a file with another version is not guessed at.
pub const DRAFT_FORMAT: u32 = 1;

const SUFFIX: &str = ".draft.json";

#[derive(Debug, thiserror::Error)]
pub enum DraftError {
    #[error("cannot use the drafts folder {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the draft file {path} is damaged and was left as it is: {reason}")]
    Corrupt { path: PathBuf, reason: String },
    #[error("the draft file {path} was written by a newer SSO Desk (format {found})")]
    UnsupportedFormat { path: PathBuf, found: u32 },
    #[error("\"{0}\" is not an application id")]
    InvalidApplicationId(String),
}

/// What a draft file holds: the draft and the format it was written in.
#[derive(Serialize, Deserialize)]
struct DraftFile {
    format: u32,
    draft: Draft,
}

/// Just the format, read first so a newer file is reported as such and not as damaged.
#[derive(Deserialize)]
struct FormatOnly {
    format: u32,
}

/// The folder of drafts.
#[derive(Clone, Debug)]
pub struct DraftStore {
    dir: PathBuf,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> DraftError + '_ {
    move |source| DraftError::Io {
        path: path.to_owned(),
        source,
    }
}

/// JumpCloud ids are 24 hex digits; anything that could leave the folder or collide with our
/// temporary files is refused.
fn check_id(application_id: &str) -> Result<(), DraftError> {
    let fine = !application_id.is_empty()
        && application_id.len() <= 128
        && application_id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if fine {
        Ok(())
    } else {
        Err(DraftError::InvalidApplicationId(application_id.to_owned()))
    }
}

impl DraftStore {
    /// Uses (and creates when needed) `dir` for drafts.
    pub fn new(dir: impl Into<PathBuf>) -> Result<Self, DraftError> {
        let dir = dir.into();
        fs::create_dir_all(&dir).map_err(io(&dir))?;
        Ok(DraftStore { dir })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file a draft for `application_id` lives in.
    pub fn path_of(&self, application_id: &str) -> Result<PathBuf, DraftError> {
        check_id(application_id)?;
        Ok(self.dir.join(format!("{application_id}{SUFFIX}")))
    }

    /// Writes the draft atomically (temporary file, flush to disk, rename, flush the folder).
    pub fn save(&self, draft: &Draft) -> Result<(), DraftError> {
        let path = self.path_of(&draft.application_id)?;
        let file = DraftFile {
            format: DRAFT_FORMAT,
            draft: draft.clone(),
        };
        let bytes = serde_json::to_vec_pretty(&file).map_err(|e| DraftError::Corrupt {
            path: path.clone(),
            reason: format!("the draft cannot be written as JSON: {e}"),
        })?;
        // The temporary file's leading dot keeps half-written drafts out of `list`.
        crate::atomic_file::write_atomically(&path, &bytes)
            .map_err(|source| DraftError::Io { path, source })?;
        Ok(())
    }

    /// The draft for `application_id`, or `None` when there is none.
    pub fn load(&self, application_id: &str) -> Result<Option<Draft>, DraftError> {
        let path = self.path_of(application_id)?;
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(DraftError::Io { path, source }),
        };
        let corrupt = |e: serde_json::Error| DraftError::Corrupt {
            path: path.clone(),
            reason: e.to_string(),
        };
        let format: FormatOnly = serde_json::from_slice(&bytes).map_err(corrupt)?;
        if format.format != DRAFT_FORMAT {
            return Err(DraftError::UnsupportedFormat {
                path,
                found: format.format,
            });
        }
        let file: DraftFile = serde_json::from_slice(&bytes).map_err(corrupt)?;
        if file.draft.application_id != application_id {
            return Err(DraftError::Corrupt {
                path,
                reason: format!(
                    "it holds the draft of application {}",
                    file.draft.application_id
                ),
            });
        }
        Ok(Some(file.draft))
    }

    /// The application ids that have a draft, sorted. Only file names are read: a damaged draft
    /// is listed, and reported when loaded.
    pub fn list(&self) -> Result<Vec<String>, DraftError> {
        let mut ids = Vec::new();
        for entry in fs::read_dir(&self.dir).map_err(io(&self.dir))? {
            let entry = entry.map_err(io(&self.dir))?;
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            if let Some(id) = name.strip_suffix(SUFFIX) {
                if check_id(id).is_ok() {
                    ids.push(id.to_owned());
                }
            }
        }
        ids.sort();
        Ok(ids)
    }

    /// Removes the draft for `application_id`; discarding a draft that does not exist is fine.
    pub fn discard(&self, application_id: &str) -> Result<(), DraftError> {
        let path = self.path_of(application_id)?;
        match fs::remove_file(&path) {
            Ok(()) => {
                sync_dir(&self.dir);
                Ok(())
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(source) => Err(DraftError::Io { path, source }),
        }
    }
}

/// Flushes the folder so the rename itself survives a power cut. Folders cannot be opened for
/// syncing everywhere (Windows); there the rename is as durable as the platform makes it.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(handle) = File::open(dir) {
        let _ = handle.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}
