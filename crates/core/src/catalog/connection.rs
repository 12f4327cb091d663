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
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use serde::{Deserialize, Serialize};

use crate::catalog::{CatalogEntry, CatalogIndex};
use crate::jumpcloud::{Client, Error, OnProgress};
use crate::profile::{ConnectionDir, ConnectionId, LoadOnce};

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
pub struct ConnectionCatalog {
    id: ConnectionId,
    dir: ConnectionDir,
    index: LoadOnce<CatalogIndex>,
    refreshed: AtomicBool,
}

impl ConnectionCatalog {
    pub fn new(id: ConnectionId, dir: ConnectionDir) -> Self {
        Self {
            id,
            dir,
            index: LoadOnce::default(),
            refreshed: AtomicBool::new(false),
        }
    }

    /// The index in use, if any.
    pub fn current(&self) -> Option<Arc<CatalogIndex>> {
        self.index.current(&self.id)
    }

    /// An index to search: the one in memory, else the disk cache, else a download (reporting
    /// its pages to `on_progress`).
    pub async fn ensure(
        &self,
        client: &Client,
        on_progress: OnProgress<'_>,
    ) -> Result<(Arc<CatalogIndex>, CatalogSource), Error> {
        let source = Mutex::new(CatalogSource::Memory);
        let index = self
            .index
            .get_or_load(&self.id, || async {
                let dir = self.dir.clone();
                let cached = tokio::task::spawn_blocking(move || CatalogIndex::load(&dir))
                    .await
                    .ok()
                    .and_then(|read| {
                        read.map_err(|err| tracing::warn!("the catalog cache is not used: {err}"))
                            .ok()
                    })
                    .flatten();
                if let Some(index) = cached {
                    *source.lock().unwrap_or_else(PoisonError::into_inner) = CatalogSource::Cache;
                    return Ok::<_, Error>(index);
                }
                let index = self.download(client, on_progress).await?;
                // A fresh download needs no refresh in this run.
                self.refreshed.store(true, Ordering::SeqCst);
                *source.lock().unwrap_or_else(PoisonError::into_inner) = CatalogSource::Download;
                Ok(index)
            })
            .await?;
        let source = *source.lock().unwrap_or_else(PoisonError::into_inner);
        Ok((index, source))
    }

    /// Downloads the catalog again and swaps it in, at most once per run (later calls return
    /// `Ok(None)` at once). Meant for a background task after [`ConnectionCatalog::ensure`]
    /// answered from the cache.
    pub async fn refresh_once(&self, client: &Client) -> Result<Option<Arc<CatalogIndex>>, Error> {
        if self.refreshed.swap(true, Ordering::SeqCst) {
            return Ok(None);
        }
        match self.download(client, &crate::jumpcloud::no_progress).await {
            Ok(index) => Ok(Some(self.index.set(&self.id, index))),
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
        let dir = self.dir.clone();
        let built = tokio::task::spawn_blocking(move || {
            let index = CatalogIndex::build(entries);
            if let Err(err) = index.save(&dir) {
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

/// The catalogs of every connection of this run, each cached in its connection's folder.
#[derive(Default)]
pub struct Catalogs {
    by_connection: Mutex<HashMap<ConnectionId, Arc<ConnectionCatalog>>>,
}

impl Catalogs {
    /// The catalog of `id`, made on first use; its cache lives in `dir`.
    pub fn of(&self, id: &ConnectionId, dir: ConnectionDir) -> Arc<ConnectionCatalog> {
        let mut map = self
            .by_connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let catalog = map
            .entry(id.clone())
            .or_insert_with(|| Arc::new(ConnectionCatalog::new(id.clone(), dir)));
        Arc::clone(catalog)
    }
}
