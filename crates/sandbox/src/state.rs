//! The state every route of an organisation shares: the documents, their files, the key and the
//! fault plan (one plan for the whole sandbox, however many organisations it serves).
//!
//! Exists so that routes depend on the state and the server on routes and state, never the other
//! way round. Promises: a sandbox started without a key gets one drawn from the OS's random source,
//! never a fixed or guessable one; the lock over the documents is never held across an await; writes of one
//! collection's file happen one at a time, each with the latest content; opening a data directory
//! that holds none of the files seeds it and writes every file before the first request.

use std::path::PathBuf;
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

use tokio::sync::Mutex;

use crate::faults::{check_kinds, FaultConfig, Faults};
use crate::seed::ids::{self, Tenant};
use crate::seed::org::{Catalog, Counts};
use crate::store::{self, Collection, Collections};
use crate::{seed, SandboxError, SandboxOptions, Size};

/// What every route of one organisation sees.
pub(crate) struct Shared {
    pub(crate) api_key: String,
    /// One fault plan for the whole sandbox, whichever organisation a request names.
    pub(crate) faults: Arc<Faults>,
    /// The organisation these documents are.
    pub(crate) org: Tenant,
    /// The key is a provider's: a request must name the organisation (`x-org-id`).
    pub(crate) provider: bool,
    db: RwLock<Collections>,
    data_dir: PathBuf,
    seed: u64,
    seeding: Seeding,
    /// One per collection file: writes of a file happen one at a time, each with the latest state.
    file_locks: [Mutex<()>; 5],
}

/// How an organisation is seeded (and reset).
pub(crate) enum Seeding {
    /// The sample organisation on its own, with its own catalog file.
    Sample { size: Size, odd_application: bool },
    /// One of a provider's organisations: the catalog is shared and never written to its folder.
    Client {
        catalog: Arc<Catalog>,
        counts: Counts,
    },
}

impl Seeding {
    fn generate(&self, seed: u64, org: &Tenant) -> Collections {
        ids::as_tenant(org, || match self {
            Seeding::Sample {
                size,
                odd_application,
            } => seed::org::generate(seed, *size, *odd_application),
            Seeding::Client { catalog, counts } => {
                seed::org::organisation(seed, catalog, *counts, false)
            }
        })
    }

    fn shared_templates(&self) -> Option<Arc<crate::store::Docs>> {
        match self {
            Seeding::Sample { .. } => None,
            Seeding::Client { catalog, .. } => Some(catalog.templates.clone()),
        }
    }
}

/// What every organisation of a sandbox has in common.
pub(crate) struct Common {
    pub(crate) api_key: String,
    pub(crate) faults: Arc<Faults>,
    pub(crate) provider: bool,
}

impl Common {
    /// Checks the options and draws the key when none is given.
    pub(crate) fn of(opts: &SandboxOptions) -> Result<Self, SandboxError> {
        if !(0.0..=1.0).contains(&opts.fault_rate) {
            return Err(SandboxError::Option(format!(
                "fault rate {} is not within 0..=1",
                opts.fault_rate
            )));
        }
        check_kinds(&opts.fault_kinds).map_err(SandboxError::Option)?;
        let api_key = match &opts.api_key {
            Some(key) if key.is_empty() => {
                return Err(SandboxError::Option("the API key must not be empty".into()))
            }
            Some(key) => key.clone(),
            None => random_key()?,
        };
        Ok(Self {
            api_key,
            faults: Arc::new(Faults::new(FaultConfig {
                rate: opts.fault_rate,
                latency_ms: opts.latency_ms,
                kinds: opts.fault_kinds.clone(),
                seed: opts.seed,
                commit_delay_ms: opts.commit_delay_ms,
                mask_private_key: opts.mask_private_key,
                filter_lag_ms: opts.filter_lag_ms,
                keyed_metadata_status: None,
                regenerate_certificate: false,
            })),
            provider: opts.orgs > 0,
        })
    }
}

impl Shared {
    /// Loads the organisation's folder `dir` (seeding it when empty, and writing every file
    /// before the first request).
    pub(crate) async fn open(
        common: &Common,
        org: Tenant,
        seed: u64,
        seeding: Seeding,
        dir: PathBuf,
    ) -> Result<Arc<Self>, SandboxError> {
        store::prepare_dir(&dir)?;
        let load_dir = dir.clone();
        let templates = seeding.shared_templates();
        let loaded = tokio::task::spawn_blocking(move || store::load(&load_dir, templates))
            .await
            .map_err(|e| SandboxError::Task(format!("loading: {e}")))??;
        let seeded = loaded.is_none();
        let shared = Arc::new(Shared {
            api_key: common.api_key.clone(),
            faults: common.faults.clone(),
            org,
            provider: common.provider,
            db: RwLock::new(Collections::empty()),
            data_dir: dir,
            seed,
            seeding,
            file_locks: Default::default(),
        });
        let collections = match loaded {
            Some(c) => c,
            None => shared.generate().await?,
        };
        *shared.write() = collections;
        if seeded {
            shared.persist(&Collection::ALL).await?;
        }
        Ok(shared)
    }

    async fn generate(self: &Arc<Self>) -> Result<Collections, SandboxError> {
        let me = self.clone();
        tokio::task::spawn_blocking(move || me.seeding.generate(me.seed, &me.org))
            .await
            .map_err(|e| SandboxError::Task(format!("seeding: {e}")))
    }

    /// Read access; a poisoned lock still holds consistent documents (no handler panics midway
    /// through a mutation that matters), so it is used rather than failing every later request.
    pub(crate) fn read(&self) -> RwLockReadGuard<'_, Collections> {
        self.db.read().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn write(&self) -> RwLockWriteGuard<'_, Collections> {
        self.db.write().unwrap_or_else(|e| e.into_inner())
    }

    /// Writes the given collections' files with their current content (a shared catalog is
    /// nobody's to write).
    pub(crate) async fn persist(&self, which: &[Collection]) -> Result<(), SandboxError> {
        let shared_catalog = matches!(self.seeding, Seeding::Client { .. });
        for &c in which {
            if shared_catalog && c == Collection::Templates {
                continue;
            }
            let slot = Collection::ALL.iter().position(|x| *x == c).unwrap_or(0);
            let _file = self.file_locks[slot].lock().await;
            // Serialise under the read lock, write outside it: requests keep flowing meanwhile.
            let bytes = {
                let db = self.read();
                c.serialize(&db)
            }
            .map_err(|source| SandboxError::Corrupt {
                path: self.data_dir.join(c.file_name()),
                source,
            })?;
            let dir = self.data_dir.clone();
            tokio::task::spawn_blocking(move || store::write_atomic(&dir, c.file_name(), &bytes))
                .await
                .map_err(|e| SandboxError::Io {
                    path: self.data_dir.join(c.file_name()),
                    source: std::io::Error::other(e),
                })??;
        }
        Ok(())
    }

    /// Replaces every document with freshly seeded sample data and writes it.
    pub(crate) async fn reset(self: &Arc<Self>) -> Result<(), SandboxError> {
        let fresh = self.generate().await?;
        *self.write() = fresh;
        self.persist(&Collection::ALL).await
    }
}

/// 32 bytes from the OS's random source, as 64 lowercase hex digits.
fn random_key() -> Result<String, SandboxError> {
    let bytes = os_random()?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(unix)]
fn os_random() -> Result<[u8; 32], SandboxError> {
    use std::io::Read;
    let path = "/dev/urandom";
    let mut bytes = [0u8; 32];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut bytes))
        .map_err(|source| SandboxError::Io {
            path: path.into(),
            source,
        })?;
    Ok(bytes)
}

/// Without `/dev/urandom` (Windows): SipHash under std's hasher keys, which the standard library
/// draws from the OS's random source (`ProcessPrng`), over a counter. No other program knows the
/// keys, so none can predict the bytes; no new dependency is needed for it.
#[cfg(not(unix))]
fn os_random() -> Result<[u8; 32], SandboxError> {
    use std::hash::{BuildHasher, Hasher};
    let keys = std::collections::hash_map::RandomState::new();
    let mut bytes = [0u8; 32];
    for (i, chunk) in bytes.chunks_mut(8).enumerate() {
        let mut h = keys.build_hasher();
        h.write_usize(i);
        chunk.copy_from_slice(&h.finish().to_le_bytes());
    }
    Ok(bytes)
}
