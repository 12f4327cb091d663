//! Starting, serving and stopping a sandbox; the state its routes share.
//!
//! Promises: the server listens on 127.0.0.1 only; each connection is served by hyper directly
//! (not `axum::serve`) so that a fault can drop a connection without any response; a mutation's
//! response is sent after its collection's file is written, so a stopped sandbox has persisted
//! every change it acknowledged; the lock over the documents is never held across an await.

use std::path::PathBuf;
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::{oneshot, Mutex};
use tokio::task::{JoinHandle, JoinSet};

use crate::faults::Faults;
use crate::store::{self, Collection, Collections};
use crate::{seed, SandboxError, SandboxOptions, Size};

/// What every route sees.
pub(crate) struct Shared {
    pub(crate) api_key: String,
    pub(crate) faults: Faults,
    db: RwLock<Collections>,
    data_dir: PathBuf,
    seed: u64,
    size: Size,
    /// One per collection file: writes of a file happen one at a time, each with the latest state.
    file_locks: [Mutex<()>; 5],
}

impl Shared {
    /// Read access; a poisoned lock still holds consistent documents (no handler panics midway
    /// through a mutation that matters), so it is used rather than failing every later request.
    pub(crate) fn read(&self) -> RwLockReadGuard<'_, Collections> {
        self.db.read().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn write(&self) -> RwLockWriteGuard<'_, Collections> {
        self.db.write().unwrap_or_else(|e| e.into_inner())
    }

    /// Writes the given collections' files with their current content.
    pub(crate) async fn persist(&self, which: &[Collection]) -> Result<(), SandboxError> {
        for &c in which {
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
    pub(crate) async fn reset(&self) -> Result<(), SandboxError> {
        let (seed, size) = (self.seed, self.size);
        let fresh = tokio::task::spawn_blocking(move || seed::org::generate(seed, size))
            .await
            .map_err(|e| SandboxError::Task(format!("seeding: {e}")))?;
        *self.write() = fresh;
        self.persist(&Collection::ALL).await
    }
}

/// A running sandbox. Dropping it stops the server too; [`Sandbox::stop`] also waits for it.
pub struct Sandbox {
    url: String,
    shared: Arc<Shared>,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl Sandbox {
    /// `http://127.0.0.1:PORT`
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The key requests must send as `x-api-key`.
    pub fn api_key(&self) -> &str {
        &self.shared.api_key
    }

    /// Re-seeds the sample data (same seed and size) and writes it to the data directory.
    pub async fn reset(&self) -> Result<(), SandboxError> {
        self.shared.reset().await
    }

    /// Stops accepting, closes open connections and waits until the server is gone.
    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

pub(crate) async fn start(opts: SandboxOptions) -> Result<Sandbox, SandboxError> {
    if !(0.0..=1.0).contains(&opts.fault_rate) {
        return Err(SandboxError::Option(format!(
            "fault rate {} is not within 0..=1",
            opts.fault_rate
        )));
    }
    if opts.api_key.is_empty() {
        return Err(SandboxError::Option("the API key must not be empty".into()));
    }
    let dir = opts.data_dir.clone();
    std::fs::create_dir_all(&dir).map_err(|source| SandboxError::Io {
        path: dir.clone(),
        source,
    })?;
    let load_dir = dir.clone();
    let loaded = tokio::task::spawn_blocking(move || store::load(&load_dir))
        .await
        .map_err(|e| SandboxError::Task(format!("loading: {e}")))??;
    let seeded = loaded.is_none();
    let (seed_value, size) = (opts.seed, opts.size);
    let collections = match loaded {
        Some(c) => c,
        None => tokio::task::spawn_blocking(move || seed::org::generate(seed_value, size))
            .await
            .map_err(|e| SandboxError::Task(format!("seeding: {e}")))?,
    };
    let shared = Arc::new(Shared {
        api_key: opts.api_key.clone(),
        faults: Faults::new(opts.seed, opts.fault_rate, opts.latency_ms),
        db: RwLock::new(collections),
        data_dir: dir,
        seed: opts.seed,
        size: opts.size,
        file_locks: Default::default(),
    });
    if seeded {
        shared.persist(&Collection::ALL).await?;
    }
    let listener = TcpListener::bind(("127.0.0.1", opts.port))
        .await
        .map_err(|source| SandboxError::Bind {
            port: opts.port,
            source,
        })?;
    let port = listener
        .local_addr()
        .map_err(|source| SandboxError::Bind {
            port: opts.port,
            source,
        })?
        .port();
    let router = crate::routes_sandbox::router(shared.clone());
    let (tx, rx) = oneshot::channel();
    let task = tokio::spawn(serve(listener, router, shared.clone(), rx));
    Ok(Sandbox {
        url: format!("http://127.0.0.1:{port}"),
        shared,
        shutdown: Some(tx),
        task: Some(task),
    })
}

async fn serve(
    listener: TcpListener,
    router: Router,
    shared: Arc<Shared>,
    mut stop: oneshot::Receiver<()>,
) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = &mut stop => break,
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let router = router.clone();
                let shared = shared.clone();
                connections.spawn(async move {
                    let service = hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
                        crate::faults::handle(shared.clone(), router.clone(), req)
                    });
                    // A connection error is the client's or an injected fault: nothing to report.
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    connections.shutdown().await;
}
