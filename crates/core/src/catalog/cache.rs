//! The catalog on disk, so that a restart searches at once while a fresh download runs.
//!
//! The file keeps the entries (the costly part: a download of every template, page by page) and
//! the time they were indexed; loading rebuilds the index from them, which takes milliseconds and
//! means the index layout can change without a format bump. It is one file of the connection's
//! folder ([`ConnectionDir`]): versioned, written atomically, owner-only.

use std::time::{Duration, UNIX_EPOCH};

use super::{CatalogEntry, CatalogIndex};
use crate::profile::{ConnectionDir, StoreError};

/// Bumped whenever the meaning or shape of the saved entries changes.
pub const CACHE_FORMAT_VERSION: u32 = 2;

/// The catalog's file in a connection's folder.
pub const CACHE_FILE: &str = "catalog.json";

impl CatalogIndex {
    /// Writes the catalog into `dir`.
    pub fn save(&self, dir: &ConnectionDir) -> Result<(), StoreError> {
        let built_at_ms = self
            .built_at
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
        dir.write_at(CACHE_FILE, CACHE_FORMAT_VERSION, &self.entries, built_at_ms)
    }

    /// Reads a catalog saved by [`CatalogIndex::save`] and indexes it again; `Ok(None)` when
    /// there is none. Any error means the cache cannot be used: download and rebuild.
    pub fn load(dir: &ConnectionDir) -> Result<Option<CatalogIndex>, StoreError> {
        let Some(stored) = dir.read::<Vec<CatalogEntry>>(CACHE_FILE, CACHE_FORMAT_VERSION)? else {
            return Ok(None);
        };
        let built_at = UNIX_EPOCH + Duration::from_millis(stored.saved_at_ms);
        Ok(Some(CatalogIndex::build_at(stored.value, built_at)))
    }
}
