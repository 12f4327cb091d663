//! The last known copy of lists read from JumpCloud, on disk, so the app can show them at once on
//! start and refresh them in the background.
//!
//! What it promises:
//! - One JSON file per connection and kind (`<dir>/<connection>/<kind>.json`), holding the value
//!   and the time it was fetched, so the UI can say how old what it shows is.
//! - Writes are atomic (temporary file in the same folder, flush, rename): a crash leaves the old
//!   copy or the new one, never half of one.
//! - A file that cannot be read back as the expected value is reported as [`CacheError::Corrupt`]
//!   and left alone; the caller decides to ignore it (a cache is never the only copy).
//! - Connection ids and kinds are plain names; anything that could leave the folder is refused.

use std::fs::{self};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// The version written into every cache file; another version is treated as no cache.
pub const CACHE_FORMAT: u32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error("cannot use the cache file {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the cache file {path} is damaged: {reason}")]
    Corrupt { path: PathBuf, reason: String },
    #[error("\"{0}\" is not a valid cache key")]
    InvalidKey(String),
}

/// A value and when it was fetched (milliseconds since the Unix epoch).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Cached<T> {
    pub fetched_at_ms: u64,
    pub value: T,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FileOut<'a, T> {
    format: u32,
    fetched_at_ms: u64,
    value: &'a T,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FileIn<T> {
    fetched_at_ms: u64,
    value: T,
}

#[derive(Deserialize)]
struct FormatOnly {
    format: u32,
}

/// Now, in milliseconds since the Unix epoch (0 if the clock is before it).
pub fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}

fn check_key(key: &str) -> Result<(), CacheError> {
    let fine = !key.is_empty()
        && key.len() <= 128
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if fine {
        Ok(())
    } else {
        Err(CacheError::InvalidKey(key.to_owned()))
    }
}

/// The cache folder. Nothing is created until the first write.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// The file holding `kind` for `connection`.
    pub fn path_of(&self, connection: &str, kind: &str) -> Result<PathBuf, CacheError> {
        check_key(connection)?;
        check_key(kind)?;
        Ok(self.dir.join(connection).join(format!("{kind}.json")))
    }

    /// Stores `value`, fetched now; returns the time recorded.
    pub fn store<T: Serialize>(
        &self,
        connection: &str,
        kind: &str,
        value: &T,
    ) -> Result<u64, CacheError> {
        let at = now_ms();
        self.store_at(connection, kind, value, at)?;
        Ok(at)
    }

    /// Stores `value` as fetched at `fetched_at_ms`.
    pub fn store_at<T: Serialize>(
        &self,
        connection: &str,
        kind: &str,
        value: &T,
        fetched_at_ms: u64,
    ) -> Result<(), CacheError> {
        let path = self.path_of(connection, kind)?;
        let folder = self.dir.join(connection);
        fs::create_dir_all(&folder).map_err(|source| CacheError::Io {
            path: folder.clone(),
            source,
        })?;
        let bytes = serde_json::to_vec(&FileOut {
            format: CACHE_FORMAT,
            fetched_at_ms,
            value,
        })
        .map_err(|e| CacheError::Corrupt {
            path: path.clone(),
            reason: format!("the value cannot be written as JSON: {e}"),
        })?;
        crate::atomic_file::write_atomically(&path, &bytes)
            .map_err(|source| CacheError::Io { path, source })?;
        Ok(())
    }

    /// The stored value, or `None` when there is none (or it was written in another format).
    pub fn load<T: DeserializeOwned>(
        &self,
        connection: &str,
        kind: &str,
    ) -> Result<Option<Cached<T>>, CacheError> {
        let path = self.path_of(connection, kind)?;
        let bytes = match fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(CacheError::Io { path, source }),
        };
        let corrupt = |e: serde_json::Error| CacheError::Corrupt {
            path: path.clone(),
            reason: e.to_string(),
        };
        let format: FormatOnly = serde_json::from_slice(&bytes).map_err(corrupt)?;
        if format.format != CACHE_FORMAT {
            return Ok(None);
        }
        let file: FileIn<T> = serde_json::from_slice(&bytes).map_err(corrupt)?;
        Ok(Some(Cached {
            fetched_at_ms: file.fetched_at_ms,
            value: file.value,
        }))
    }

    /// Forgets `kind` for `connection`; forgetting what is not there is fine.
    pub fn remove(&self, connection: &str, kind: &str) -> Result<(), CacheError> {
        let path = self.path_of(connection, kind)?;
        match fs::remove_file(&path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(source) => Err(CacheError::Io { path, source }),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_per_connection_and_kind_with_the_time() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = Cache::new(dir.path().join("cache"));
        assert!(
            cache
                .load::<Vec<u32>>("sandbox", "applications")
                .expect("no file is no error")
                .is_none(),
            "nothing stored yet"
        );
        cache
            .store_at("sandbox", "applications", &vec![1u32, 2], 42)
            .expect("stores");
        cache
            .store_at("other", "applications", &vec![9u32], 7)
            .expect("stores");
        let got = cache
            .load::<Vec<u32>>("sandbox", "applications")
            .expect("reads")
            .expect("stored");
        assert_eq!(got.value, [1, 2], "the connection's own copy");
        assert_eq!(got.fetched_at_ms, 42, "the fetch time is kept");
        assert!(
            cache
                .load::<Vec<u32>>("sandbox", "groups")
                .expect("reads")
                .is_none(),
            "kinds do not mix"
        );
        cache.remove("sandbox", "applications").expect("removes");
        cache
            .remove("sandbox", "applications")
            .expect("removing twice is fine");
        assert!(cache
            .load::<Vec<u32>>("sandbox", "applications")
            .expect("reads")
            .is_none());
    }

    #[test]
    fn store_replaces_and_leaves_no_temporary_files() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = Cache::new(dir.path());
        for i in 0..5u32 {
            cache.store("c", "k", &i).expect("stores");
        }
        let got = cache.load::<u32>("c", "k").expect("reads").expect("stored");
        assert_eq!(got.value, 4, "the last write wins");
        assert!(got.fetched_at_ms > 0, "stamped with the clock");
        let names: Vec<String> = fs::read_dir(dir.path().join("c"))
            .expect("folder")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["k.json"], "only the cache file remains");
    }

    #[test]
    fn damaged_or_foreign_files_are_reported_not_guessed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = Cache::new(dir.path());
        let path = cache.path_of("c", "k").expect("valid key");
        fs::create_dir_all(path.parent().expect("has a folder")).expect("mkdir");
        fs::write(&path, b"{not json").expect("write");
        assert!(matches!(
            cache.load::<u32>("c", "k"),
            Err(CacheError::Corrupt { .. })
        ));
        fs::write(&path, br#"{"format": 99, "anything": true}"#).expect("write");
        assert!(
            cache.load::<u32>("c", "k").expect("reads").is_none(),
            "another format is no cache"
        );
        fs::write(
            &path,
            br#"{"format": 1, "fetchedAtMs": 1, "value": "text"}"#,
        )
        .expect("write");
        assert!(
            matches!(cache.load::<u32>("c", "k"), Err(CacheError::Corrupt { .. })),
            "a value of the wrong shape is damage"
        );
    }

    #[test]
    fn keys_cannot_leave_the_folder() {
        let cache = Cache::new("x");
        for bad in ["", "../etc", "a/b", "a.b", "a b"] {
            assert!(
                matches!(cache.path_of(bad, "k"), Err(CacheError::InvalidKey(_))),
                "connection {bad:?} must be refused"
            );
            assert!(
                matches!(cache.path_of("c", bad), Err(CacheError::InvalidKey(_))),
                "kind {bad:?} must be refused"
            );
        }
    }
}
