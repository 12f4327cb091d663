//! State the commands share, registered with `app.manage` in `setup`.

use std::path::PathBuf;

use sso_desk_core::jumpcloud::{Client, ConnectionOptions, Credentials, Endpoint};
use sso_desk_sandbox::{Sandbox, SandboxOptions, Size};
use tokio::sync::OnceCell;

use crate::error::AppError;

/// Where the app keeps what it writes: `<app data dir>`.
pub struct Paths {
    pub data: PathBuf,
}

impl Paths {
    pub fn sandbox(&self) -> PathBuf {
        self.data.join("sandbox")
    }
    pub fn cache(&self) -> PathBuf {
        self.data.join("cache")
    }
    pub fn drafts(&self) -> PathBuf {
        self.data.join("drafts")
    }
}

/// How the embedded sandbox is started: the `--sandbox-port` and `--sandbox-size` flags.
#[derive(Debug, Clone, Copy)]
pub struct SandboxLaunch {
    /// 0 picks a free port.
    pub port: u16,
    pub size: Size,
}

impl Default for SandboxLaunch {
    fn default() -> Self {
        Self {
            port: 0,
            size: Size::Demo,
        }
    }
}

/// The embedded sandbox, started on first use with its data under the app data dir.
pub struct EmbeddedSandbox {
    data_dir: PathBuf,
    launch: SandboxLaunch,
    running: OnceCell<Sandbox>,
}

impl EmbeddedSandbox {
    pub fn new(data_dir: PathBuf, launch: SandboxLaunch) -> Self {
        Self {
            data_dir,
            launch,
            running: OnceCell::new(),
        }
    }

    pub async fn get(&self) -> Result<&Sandbox, AppError> {
        self.running
            .get_or_try_init(|| async {
                let sandbox = sso_desk_sandbox::start(SandboxOptions {
                    port: self.launch.port,
                    size: self.launch.size,
                    ..SandboxOptions::new(&self.data_dir)
                })
                .await?;
                tracing::info!(url = sandbox.url(), "sandbox started");
                Ok(sandbox)
            })
            .await
    }
}

/// The connection every command talks to. One [`Client`] per connection, built once.
pub struct Session {
    sandbox: EmbeddedSandbox,
    connection_id: &'static str,
    sandbox_client: OnceCell<Client>,
}

impl Session {
    pub fn new(paths: &Paths, launch: SandboxLaunch) -> Self {
        // The large sample organisation keeps its own data folder and cache key, so switching
        // sizes never mixes the two organisations.
        let (data_dir, connection_id) = match launch.size {
            Size::Demo => (paths.sandbox(), "sandbox"),
            Size::Large => (paths.data.join("sandbox-large"), "sandbox-large"),
        };
        Self {
            sandbox: EmbeddedSandbox::new(data_dir, launch),
            connection_id,
            sandbox_client: OnceCell::new(),
        }
    }

    pub fn sandbox(&self) -> &EmbeddedSandbox {
        &self.sandbox
    }

    /// The client of the active connection (the sandbox until a JumpCloud connection is active).
    pub async fn client(&self) -> Result<Client, AppError> {
        self.sandbox_client
            .get_or_try_init(|| async {
                let sandbox = self.sandbox.get().await?;
                let client = Client::new(
                    &Endpoint::Custom(sandbox.url().to_owned()),
                    Credentials::api_key(sandbox.api_key().to_owned()),
                    ConnectionOptions::default(),
                )?;
                Ok::<_, AppError>(client)
            })
            .await
            .cloned()
    }

    /// An id for the active connection, to key caches and drafts by.
    pub fn connection_id(&self) -> &str {
        self.connection_id
    }
}
