//! The catalog on disk, so that a restart searches at once while a fresh download runs.
//!
//! The file keeps the entries (the costly part: a download of every template, page by page) and
//! the time they were indexed; loading rebuilds the index from them, which takes milliseconds and
//! means the index layout can change without a format bump. Writes go to a temporary file in the
//! same directory and are renamed over the old cache, so a crash leaves the old or the new file,
//! never half of one.

use std::fs;
use std::path::Path;
use std::time::{Duration, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::{CatalogEntry, CatalogError, CatalogIndex};

/// Bumped whenever the meaning or shape of the saved entries changes.
pub const CACHE_FORMAT_VERSION: u32 = 1;

/// What identifies a file as ours, before its version is even looked at.
const FORMAT_NAME: &str = "sso-desk-catalog";

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CacheOut<'a> {
    format: &'static str,
    version: u32,
    built_at_unix_ms: u64,
    entries: &'a [CatalogEntry],
}

/// Read first, ignoring the entries, so that a file of another version is reported as such even
/// when its entries would not parse.
#[derive(Deserialize)]
struct CacheHeader {
    format: Option<String>,
    version: Option<u32>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CacheIn {
    built_at_unix_ms: u64,
    entries: Vec<CatalogEntry>,
}

impl CatalogIndex {
    /// Writes the catalog to `path` atomically, creating its directory if needed.
    pub fn save(&self, path: &Path) -> Result<(), CatalogError> {
        let io = |source| CatalogError::Io {
            path: path.to_path_buf(),
            source,
        };
        let built_at_unix_ms = self
            .built_at
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis().min(u128::from(u64::MAX)) as u64);
        let bytes = serde_json::to_vec(&CacheOut {
            format: FORMAT_NAME,
            version: CACHE_FORMAT_VERSION,
            built_at_unix_ms,
            entries: &self.entries,
        })
        .map_err(CatalogError::Encode)?;

        crate::atomic_file::write_atomically(path, &bytes).map_err(io)?;
        Ok(())
    }

    /// Reads a catalog saved by [`CatalogIndex::save`] and indexes it again. Any error means the
    /// cache cannot be used: download the catalog and rebuild.
    pub fn load(path: &Path) -> Result<CatalogIndex, CatalogError> {
        let bytes = fs::read(path).map_err(|source| {
            if source.kind() == std::io::ErrorKind::NotFound {
                CatalogError::NotCached {
                    path: path.to_path_buf(),
                }
            } else {
                CatalogError::Io {
                    path: path.to_path_buf(),
                    source,
                }
            }
        })?;
        let corrupt = |source| CatalogError::Corrupt {
            path: path.to_path_buf(),
            source,
        };
        let header: CacheHeader = serde_json::from_slice(&bytes).map_err(corrupt)?;
        if header.format.as_deref() != Some(FORMAT_NAME)
            || header.version != Some(CACHE_FORMAT_VERSION)
        {
            return Err(CatalogError::VersionMismatch {
                path: path.to_path_buf(),
                found: header.version,
                expected: CACHE_FORMAT_VERSION,
            });
        }
        let cache: CacheIn = serde_json::from_slice(&bytes).map_err(corrupt)?;
        let built_at = UNIX_EPOCH + Duration::from_millis(cache.built_at_unix_ms);
        Ok(CatalogIndex::build_at(cache.entries, built_at))
    }
}
