//! One folder per connection for everything SSO Desk keeps about it: the applications list, the
//! catalog, readiness runs and attribute drafts.
//!
//! Promises, for every store at once:
//! - a folder or file name is checked before it is used, so nothing escapes the profile;
//! - every file is versioned JSON (`{"format": N, "savedAtMs": T, "value": ...}`) written through
//!   the one atomic writer, owner-only (files 0600, folders 0700);
//! - a file that cannot be read is a typed error naming it ([`StoreError::Damaged`]) and is never
//!   overwritten by a read; [`ConnectionDir::set_aside`] moves it out of the way under a dated
//!   name, so a store can start afresh and the admin still has the damaged copy;
//! - a file of another format is [`StoreError::OtherFormat`]: callers decide whether that means
//!   "no cache" or "written by a newer SSO Desk".

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::atomic::{create_private_dir, write_atomically};
use super::FileLock;

/// Why a stored file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot use {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the file {path} is damaged and was left as it is: {reason}")]
    Damaged { path: PathBuf, reason: String },
    #[error("the file {path} has format {found:?}, this SSO Desk reads format {expected}")]
    OtherFormat {
        path: PathBuf,
        found: Option<u32>,
        expected: u32,
    },
    #[error("\"{0}\" cannot name a file or folder of the profile")]
    InvalidName(String),
}

impl StoreError {
    /// The file is there but unusable (damaged, or of another format).
    pub fn is_unreadable_file(&self) -> bool {
        matches!(
            self,
            StoreError::Damaged { .. } | StoreError::OtherFormat { .. }
        )
    }
}

/// A checked id of a connection (the sandbox or a stored JumpCloud organisation), usable as a
/// folder name: ASCII letters, digits, `-` and `_`, at most 128 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConnectionId(String);

impl ConnectionId {
    pub fn new(id: impl Into<String>) -> Result<Self, StoreError> {
        let id = id.into();
        if is_plain_name(&id, false) {
            Ok(Self(id))
        } else {
            Err(StoreError::InvalidName(id))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The id of organisation `org` (24 hex digits) of this provider connection: what a provider
    /// connection keeps is kept per organisation, each in its own folder. A stored connection's
    /// id has no `.`, so `<connection>.<org>` is never another connection's id.
    pub fn in_org(&self, org: &str) -> Result<Self, StoreError> {
        if crate::jumpcloud::is_org_id(org) {
            Ok(Self(format!("{}.{}", self.0, org.to_ascii_lowercase())))
        } else {
            Err(StoreError::InvalidName(org.to_owned()))
        }
    }
}

impl std::fmt::Display for ConnectionId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Names that stay inside their folder and never look like the atomic writer's temporary files
/// (which start with a dot). `dots` allows `.` inside a name (file names with extensions).
fn is_plain_name(name: &str, dots: bool) -> bool {
    !name.is_empty()
        && name.len() <= 160
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || (dots && c == '.'))
        && !name.contains("..")
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}

/// A value read back with the time it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored<T> {
    pub saved_at_ms: u64,
    pub value: T,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Envelope<'a, T> {
    format: u32,
    saved_at_ms: u64,
    value: &'a T,
}

#[derive(Deserialize)]
struct FormatOnly {
    format: Option<u32>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct EnvelopeIn<T> {
    saved_at_ms: u64,
    value: T,
}

/// The folder of one connection (or a sub-folder of it, such as its drafts).
#[derive(Debug, Clone)]
pub struct ConnectionDir {
    dir: PathBuf,
}

impl ConnectionDir {
    /// The folder of `connection` under `root` (created on first write).
    pub fn new(root: &Path, connection: &ConnectionId) -> Self {
        Self {
            dir: root.join(connection.as_str()),
        }
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// A sub-folder, e.g. `drafts`.
    pub fn sub(&self, folder: &str) -> Result<ConnectionDir, StoreError> {
        Ok(Self {
            dir: self.file(folder)?,
        })
    }

    /// The path of the file `name` in this folder.
    pub fn file(&self, name: &str) -> Result<PathBuf, StoreError> {
        if is_plain_name(name, true) {
            Ok(self.dir.join(name))
        } else {
            Err(StoreError::InvalidName(name.to_owned()))
        }
    }

    /// Reads `name`, expecting `format`. A missing file is `Ok(None)`.
    pub fn read<T: DeserializeOwned>(
        &self,
        name: &str,
        format: u32,
    ) -> Result<Option<Stored<T>>, StoreError> {
        let path = self.file(name)?;
        let bytes = match fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(StoreError::Io { path, source }),
        };
        let damaged = |e: serde_json::Error| StoreError::Damaged {
            path: path.clone(),
            reason: e.to_string(),
        };
        let found: FormatOnly = serde_json::from_slice(&bytes).map_err(damaged)?;
        if found.format != Some(format) {
            return Err(StoreError::OtherFormat {
                path,
                found: found.format,
                expected: format,
            });
        }
        let file: EnvelopeIn<T> = serde_json::from_slice(&bytes).map_err(damaged)?;
        Ok(Some(Stored {
            saved_at_ms: file.saved_at_ms,
            value: file.value,
        }))
    }

    /// Writes `value` as `name` in `format`, atomically and owner-only; returns the time stored.
    pub fn write<T: Serialize>(
        &self,
        name: &str,
        format: u32,
        value: &T,
    ) -> Result<u64, StoreError> {
        let at = now_ms();
        self.write_at(name, format, value, at)?;
        Ok(at)
    }

    /// [`ConnectionDir::write`] with a given time (tests, and values whose time is their own).
    pub fn write_at<T: Serialize>(
        &self,
        name: &str,
        format: u32,
        value: &T,
        saved_at_ms: u64,
    ) -> Result<(), StoreError> {
        let path = self.file(name)?;
        let bytes = serde_json::to_vec(&Envelope {
            format,
            saved_at_ms,
            value,
        })
        .map_err(|e| StoreError::Damaged {
            path: path.clone(),
            reason: format!("the value cannot be written as JSON: {e}"),
        })?;
        write_atomically(&path, &bytes).map_err(|source| StoreError::Io { path, source })
    }

    /// Removes `name`; a file that is not there is fine.
    pub fn remove(&self, name: &str) -> Result<(), StoreError> {
        let path = self.file(name)?;
        match fs::remove_file(&path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(source) => Err(StoreError::Io { path, source }),
        }
    }

    /// Moves a damaged `name` aside as `name.damaged-<ms>` (kept, never overwritten) and returns
    /// where it went.
    pub fn set_aside(&self, name: &str) -> Result<PathBuf, StoreError> {
        let path = self.file(name)?;
        let aside = self.dir.join(format!("{name}.damaged-{}", now_ms()));
        fs::rename(&path, &aside).map_err(|source| StoreError::Io {
            path: path.clone(),
            source,
        })?;
        Ok(aside)
    }

    /// The names of the files ending in `suffix`, without it, sorted. A folder that does not
    /// exist yet has none.
    pub fn names_ending(&self, suffix: &str) -> Result<Vec<String>, StoreError> {
        let io = |source| StoreError::Io {
            path: self.dir.clone(),
            source,
        };
        let entries = match fs::read_dir(&self.dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(io(e)),
        };
        let mut names = Vec::new();
        for entry in entries {
            let entry = entry.map_err(io)?;
            let name = entry.file_name();
            if let Some(stem) = name.to_str().and_then(|n| n.strip_suffix(suffix)) {
                if is_plain_name(stem, true) {
                    names.push(stem.to_owned());
                }
            }
        }
        names.sort();
        Ok(names)
    }

    /// Takes the lock of `name` (a `.name.lock` file beside it) for a read-change-write, waiting
    /// up to `wait`; see [`FileLock`].
    pub fn lock(&self, name: &str, wait: std::time::Duration) -> Result<FileLock, StoreError> {
        self.file(name)?;
        let path = self.dir.join(format!(".{name}.lock"));
        FileLock::acquire(path.clone(), wait).map_err(|source| StoreError::Io { path, source })
    }

    /// Creates the folder (owner-only) if it is not there.
    pub fn ensure(&self) -> Result<(), StoreError> {
        create_private_dir(&self.dir).map_err(|source| StoreError::Io {
            path: self.dir.clone(),
            source,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir() -> (tempfile::TempDir, ConnectionDir) {
        let root = tempfile::tempdir().expect("temp dir");
        let id = ConnectionId::new("sandbox").expect("a plain id");
        let dir = ConnectionDir::new(root.path(), &id);
        (root, dir)
    }

    #[test]
    fn a_value_reads_back_with_its_time_and_format() {
        let (_root, dir) = dir();
        assert!(dir
            .read::<Vec<u32>>("list.json", 1)
            .expect("read")
            .is_none());
        dir.write_at("list.json", 1, &vec![1, 2], 42)
            .expect("write");
        let back = dir
            .read::<Vec<u32>>("list.json", 1)
            .expect("read")
            .expect("there");
        assert_eq!(
            back,
            Stored {
                saved_at_ms: 42,
                value: vec![1, 2]
            }
        );
        assert!(
            matches!(
                dir.read::<Vec<u32>>("list.json", 2),
                Err(StoreError::OtherFormat { found: Some(1), .. })
            ),
            "another format is named, not guessed at"
        );
    }

    #[test]
    fn a_damaged_file_is_named_never_overwritten_by_a_read_and_can_be_set_aside() {
        let (_root, dir) = dir();
        dir.ensure().expect("mkdir");
        let path = dir.file("runs.json").expect("a plain name");
        fs::write(&path, b"{not json").expect("write");
        let err = dir.read::<u32>("runs.json", 1).expect_err("damaged");
        assert!(
            err.to_string().contains("runs.json"),
            "the error names the file: {err}"
        );
        assert_eq!(fs::read(&path).expect("still there"), b"{not json");
        let aside = dir.set_aside("runs.json").expect("moved aside");
        assert_eq!(fs::read(&aside).expect("kept"), b"{not json");
        assert!(dir.read::<u32>("runs.json", 1).expect("read").is_none());
    }

    #[test]
    fn names_that_could_leave_the_folder_are_refused() {
        for bad in ["", "..", "../x", "a/b", ".hidden", "x\0y"] {
            assert!(
                ConnectionId::new(bad).is_err(),
                "{bad:?} is no connection id"
            );
        }
        let (_root, dir) = dir();
        for bad in ["../x.json", ".tmp", "a/b.json", "a..json"] {
            assert!(dir.file(bad).is_err(), "{bad:?} is no file name");
        }
    }

    #[cfg(unix)]
    #[test]
    fn what_a_store_writes_is_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let (_root, dir) = dir();
        let drafts = dir.sub("drafts").expect("sub-folder");
        drafts.write("a.draft.json", 1, &"x").expect("write");
        let mode = |p: &Path| fs::metadata(p).expect("stat").permissions().mode() & 0o777;
        assert_eq!(mode(&drafts.file("a.draft.json").expect("name")), 0o600);
        assert_eq!(mode(drafts.path()), 0o700);
        assert_eq!(mode(dir.path()), 0o700);
        assert_eq!(drafts.names_ending(".draft.json").expect("list"), vec!["a"]);
    }
}
