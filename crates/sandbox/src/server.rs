//! Starting, serving and stopping a sandbox: the listener, its connections and the handle.
//!
//! Promises: the server listens on 127.0.0.1 only and answers only requests addressed to a
//! loopback name (see [`crate::http::check_host`]); each connection is served by hyper directly
//! (not `axum::serve`) so that a fault can drop a connection without any response; a mutation's
//! response is sent after its collection's file is written, so a stopped sandbox has persisted
//! every change it acknowledged.

use std::sync::Arc;

use axum::response::IntoResponse;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::{JoinHandle, JoinSet};

use crate::tenancy::Tenancy;
use crate::{Organisation, SandboxError, SandboxOptions};

/// A running sandbox. Dropping it stops the server too; [`Sandbox::stop`] also waits for it.
pub struct Sandbox {
    url: String,
    tenancy: Arc<Tenancy>,
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
        &self.tenancy.api_key
    }

    /// With `--orgs N`, the provider the organisations belong to.
    pub fn provider_id(&self) -> Option<&str> {
        self.tenancy.provider_id.as_deref()
    }

    /// The organisations served, in the order the provider lists them.
    pub fn organisations(&self) -> Vec<Organisation> {
        self.tenancy
            .orgs
            .iter()
            .map(|o| Organisation {
                id: o.org.id.clone(),
                name: o.org.name.clone(),
            })
            .collect()
    }

    /// Re-seeds the sample data (same seed and size) of every organisation and writes it to the
    /// data directory.
    pub async fn reset(&self) -> Result<(), SandboxError> {
        self.tenancy.reset().await
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
    let tenancy = Tenancy::open(&opts).await?;
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
    let (tx, rx) = oneshot::channel();
    let task = tokio::spawn(serve(listener, tenancy.clone(), rx));
    Ok(Sandbox {
        url: format!("http://127.0.0.1:{port}"),
        tenancy,
        shutdown: Some(tx),
        task: Some(task),
    })
}

async fn serve(listener: TcpListener, tenancy: Arc<Tenancy>, mut stop: oneshot::Receiver<()>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = &mut stop => break,
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let tenancy = tenancy.clone();
                connections.spawn(async move {
                    let service = hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
                        let tenancy = tenancy.clone();
                        async move {
                            // Before the fault plan: a refused request is neither faulted nor counted.
                            if let Err(refused) = crate::http::check_host(&req) {
                                return Ok(refused.into_response());
                            }
                            let router = tenancy.router_for(&req);
                            crate::fault_layer::handle(tenancy.faults.clone(), router, req).await
                        }
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
