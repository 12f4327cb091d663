//! The catalog of one connection: searchable at once from the disk cache, downloaded when there is
//! none, refreshed in the background.
//!
//! What it promises:
//! - The index is built once per download and shared ([`Arc`]); a search never waits for a
//!   download once an index exists, and a refresh swaps the new index in whole.
//! - One download at a time per connection: callers that arrive while one runs wait for it and
//!   use its result instead of starting another.
//! - A cache that cannot be read is not an error: it means "download". A cache that cannot be
//!   written is logged and ignored: the index in memory still serves.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use serde::{Deserialize, Serialize};

use crate::catalog::{CatalogEntry, CatalogIndex};
use crate::jumpcloud::{Client, Error, OnProgress};

/// Where the index in use came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum CatalogSource {
    /// Already in memory.
    Memory,
    /// Read from the disk cache (a refresh is worth starting).
    Cache,
    /// Just downloaded.
    Download,
}

/// The catalog of one connection.
#[derive(Debug)]
pub struct ConnectionCatalog {
    cache_path: PathBuf,
    index: RwLock<Option<Arc<CatalogIndex>>>,
    /// Held while the catalog is read from disk or downloaded.
    loading: tokio::sync::Mutex<()>,
    refreshed: AtomicBool,
}

impl ConnectionCatalog {
    pub fn new(cache_path: PathBuf) -> Self {
        Self {
            cache_path,
            index: RwLock::new(None),
            loading: tokio::sync::Mutex::new(()),
            refreshed: AtomicBool::new(false),
        }
    }

    /// The index in use, if any.
    pub fn current(&self) -> Option<Arc<CatalogIndex>> {
        self.index
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn set(&self, index: CatalogIndex) -> Arc<CatalogIndex> {
        let index = Arc::new(index);
        *self.index.write().unwrap_or_else(PoisonError::into_inner) = Some(Arc::clone(&index));
        index
    }

    /// An index to search: the one in memory, else the disk cache, else a download (reporting
    /// its pages to `on_progress`).
    pub async fn ensure(
        &self,
        client: &Client,
        on_progress: OnProgress<'_>,
    ) -> Result<(Arc<CatalogIndex>, CatalogSource), Error> {
        if let Some(index) = self.current() {
            return Ok((index, CatalogSource::Memory));
        }
        let _loading = self.loading.lock().await;
        if let Some(index) = self.current() {
            return Ok((index, CatalogSource::Memory));
        }
        let cache_path = self.cache_path.clone();
        let cached = tokio::task::spawn_blocking(move || CatalogIndex::load(&cache_path))
            .await
            .ok()
            .and_then(Result::ok);
        if let Some(index) = cached {
            return Ok((self.set(index), CatalogSource::Cache));
        }
        let index = self.download(client, on_progress).await?;
        // A fresh download needs no refresh in this run.
        self.refreshed.store(true, Ordering::SeqCst);
        Ok((self.set(index), CatalogSource::Download))
    }

    /// Downloads the catalog again and swaps it in, at most once per run (later calls return
    /// `Ok(None)` at once). Meant for a background task after [`ConnectionCatalog::ensure`]
    /// answered from the cache.
    pub async fn refresh_once(&self, client: &Client) -> Result<Option<Arc<CatalogIndex>>, Error> {
        if self.refreshed.swap(true, Ordering::SeqCst) {
            return Ok(None);
        }
        let result = self.download(client, &crate::jumpcloud::no_progress).await;
        match result {
            Ok(index) => Ok(Some(self.set(index))),
            Err(err) => {
                // Let a later call try again.
                self.refreshed.store(false, Ordering::SeqCst);
                Err(err)
            }
        }
    }

    async fn download(
        &self,
        client: &Client,
        on_progress: OnProgress<'_>,
    ) -> Result<CatalogIndex, Error> {
        let templates = client.list_templates(on_progress).await?;
        let entries: Vec<CatalogEntry> = templates
            .iter()
            .filter_map(CatalogEntry::from_template)
            .collect();
        let cache_path = self.cache_path.clone();
        let built = tokio::task::spawn_blocking(move || {
            let index = CatalogIndex::build(entries);
            if let Err(err) = index.save(&cache_path) {
                tracing::warn!("the catalog cache was not written: {err}");
            }
            index
        })
        .await;
        built.map_err(|err| Error::Setup {
            message: format!("building the catalog index failed: {err}"),
        })
    }
}

/// The catalogs of every connection of this run, each cached in its own file under one folder.
#[derive(Debug)]
pub struct Catalogs {
    dir: PathBuf,
    by_connection: Mutex<HashMap<String, Arc<ConnectionCatalog>>>,
}

impl Catalogs {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self {
            dir: dir.into(),
            by_connection: Mutex::new(HashMap::new()),
        }
    }

    /// The catalog of `connection_id`, made on first use.
    pub fn of(&self, connection_id: &str) -> Arc<ConnectionCatalog> {
        let mut map = self
            .by_connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let catalog = map.entry(connection_id.to_owned()).or_insert_with(|| {
            Arc::new(ConnectionCatalog::new(
                self.dir.join(cache_file_name(connection_id)),
            ))
        });
        Arc::clone(catalog)
    }
}

/// `catalog-<id>.json`, with anything but letters, digits, `-` and `_` in the id replaced, so an
/// id can never name a path outside the folder.
fn cache_file_name(connection_id: &str) -> String {
    let safe: String = connection_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("catalog-{safe}.json")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_file_names_stay_in_the_folder() {
        assert_eq!(cache_file_name("sandbox"), "catalog-sandbox.json");
        assert_eq!(
            cache_file_name("../../etc/x"),
            "catalog-______etc_x.json",
            "separators and dots must not survive into the file name"
        );
    }
}
