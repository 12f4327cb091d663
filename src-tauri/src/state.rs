//! State the commands share, registered with `app.manage` in `setup`.
//!
//! [`Session`] knows the stored connections (the settings file), reads their secrets from the
//! keyring, and holds the active connection's [`Client`]. The sandbox is always there and is what
//! the app uses when no connection is active or the active one cannot be opened; then
//! [`Session::status`] carries the reason, for the status bar.

use std::path::PathBuf;
use std::sync::RwLock;

use sso_desk_core::credentials::Keyring;
use sso_desk_core::jumpcloud::{Client, ConnectionOptions, Credentials, Endpoint};
use sso_desk_core::secret::Secret;
use sso_desk_core::settings::{
    CredentialKind, Settings, SettingsFile, StoredConnection, SANDBOX_ID,
};
use sso_desk_sandbox::{Sandbox, SandboxOptions, Size};
use tokio::sync::{Mutex, OnceCell};

use crate::error::AppError;

/// Where the app keeps what it writes: `<app data dir>` and `<app config dir>`.
pub struct Paths {
    pub data: PathBuf,
    pub config: PathBuf,
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
    pub fn settings(&self) -> SettingsFile {
        SettingsFile::in_dir(&self.config)
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

/// The active connection as the shell shows it.
#[derive(Debug, Clone)]
pub struct ActiveStatus {
    /// [`SANDBOX_ID`] or a stored connection's id.
    pub id: String,
    pub name: String,
    /// Why the app is on the sandbox although a connection was chosen (keyring locked, key
    /// missing, settings unreadable). `None` when all is as the admin chose.
    pub problem: Option<String>,
}

struct Active {
    status: ActiveStatus,
    /// `None` for the sandbox, whose client is built on first use.
    client: Option<Client>,
}

impl Active {
    fn sandbox(problem: Option<String>) -> Self {
        Self {
            status: ActiveStatus {
                id: SANDBOX_ID.to_owned(),
                name: "Sandbox".to_owned(),
                problem,
            },
            client: None,
        }
    }
}

/// The connection every command talks to. One [`Client`] per connection, built once.
pub struct Session {
    sandbox: EmbeddedSandbox,
    sandbox_client: OnceCell<Client>,
    keyring: Keyring,
    file: SettingsFile,
    /// The settings as last read or written. The async mutex also serialises every change, so two
    /// saves never interleave their keyring and file writes.
    settings: Mutex<Settings>,
    /// Read by every command; written only while `settings` is held. Never held across `.await`.
    active: RwLock<Active>,
    /// Opening the saved active connection happens once, on first use.
    opened: OnceCell<()>,
}

impl Session {
    pub fn new(paths: &Paths, keyring: Keyring, sandbox: SandboxLaunch) -> Self {
        let file = paths.settings();
        let (settings, problem) = match file.load() {
            Ok(s) => (s, None),
            Err(err) => {
                tracing::warn!("settings not loaded: {err}");
                (
                    Settings::default(),
                    Some(format!("{err}; using the sandbox")),
                )
            }
        };
        // Until the saved connection is opened, its id is already the one caches are keyed by.
        let mut active = Active::sandbox(problem);
        if let Some(c) = settings.active_connection() {
            active.status.id = c.id.clone();
            active.status.name = c.name.clone();
        }
        Self {
            // The large sample organisation (benchmarks) keeps its own data folder.
            sandbox: EmbeddedSandbox::new(
                match sandbox.size {
                    Size::Demo => paths.sandbox(),
                    Size::Large => paths.data.join("sandbox-large"),
                },
                sandbox,
            ),
            sandbox_client: OnceCell::new(),
            keyring,
            file,
            settings: Mutex::new(settings),
            active: RwLock::new(active),
            opened: OnceCell::new(),
        }
    }

    pub fn sandbox(&self) -> &EmbeddedSandbox {
        &self.sandbox
    }

    /// The client of the active connection (the sandbox until a JumpCloud connection is active).
    pub async fn client(&self) -> Result<Client, AppError> {
        self.open_saved().await;
        let client = self.read_active(|a| a.client.clone());
        match client {
            Some(c) => Ok(c),
            None => self.sandbox_client().await,
        }
    }

    /// An id for the active connection, to key caches and drafts by. Settled once
    /// [`Session::client`] has returned (which every command calls first).
    #[allow(dead_code)] // for the features that key caches and drafts by connection
    pub fn connection_id(&self) -> String {
        self.read_active(|a| a.status.id.clone())
    }

    /// The active connection and, when the app fell back to the sandbox, why.
    pub async fn status(&self) -> ActiveStatus {
        self.open_saved().await;
        self.read_active(|a| a.status.clone())
    }

    /// A copy of the stored settings.
    pub async fn settings(&self) -> Settings {
        self.settings.lock().await.clone()
    }

    /// Makes `id` the active connection (reading its secret from the keyring) and persists the
    /// choice. On failure the active connection stays as it was.
    pub async fn switch(&self, id: &str) -> Result<(), AppError> {
        self.open_saved().await;
        let mut settings = self.settings.lock().await;
        let next = if id == SANDBOX_ID {
            Active::sandbox(None)
        } else {
            let stored = settings
                .connection(id)
                .cloned()
                .ok_or_else(|| no_such(id))?;
            self.open(&stored).await?
        };
        let mut changed = settings.clone();
        changed.active = (id != SANDBOX_ID).then(|| id.to_owned());
        self.write(&changed).await?;
        *settings = changed;
        self.set_active(next);
        Ok(())
    }

    /// Stores `connection` (and its secret, when one was typed) and optionally makes it active.
    /// Nothing is written unless the client can be built; the secret goes to the keyring before
    /// the settings name the connection, and a new connection whose settings cannot be written
    /// loses its secret again.
    pub async fn save(
        &self,
        connection: StoredConnection,
        secret: Option<Secret>,
        activate: bool,
    ) -> Result<(), AppError> {
        self.open_saved().await;
        let mut settings = self.settings.lock().await;
        let is_new = settings.connection(&connection.id).is_none();
        let was_active = self.read_active(|a| a.status.id == connection.id);
        let next = if activate || was_active {
            let secret = match &secret {
                Some(s) => s.clone(),
                None => self.read_secret(&connection).await?,
            };
            Some(open_with(&connection, secret)?)
        } else {
            None
        };
        if let Some(secret) = &secret {
            self.keyring.store(&connection.id, secret).await?;
        }
        let mut changed = settings.clone();
        changed.upsert(connection.clone());
        if activate {
            changed.active = Some(connection.id.clone());
        }
        if let Err(err) = self.write(&changed).await {
            if is_new && secret.is_some() {
                let _ = self.keyring.delete(&connection.id).await;
            }
            return Err(err);
        }
        *settings = changed;
        if let Some(next) = next {
            self.set_active(next);
        }
        Ok(())
    }

    /// Removes a stored connection and its secret. Removing the active one makes the sandbox
    /// active.
    pub async fn remove(&self, id: &str) -> Result<(), AppError> {
        self.open_saved().await;
        let mut settings = self.settings.lock().await;
        let mut changed = settings.clone();
        changed.remove(id).ok_or_else(|| no_such(id))?;
        // The secret goes first: a failure leaves the connection listed, so the admin can retry.
        self.keyring.delete(id).await?;
        self.write(&changed).await?;
        *settings = changed;
        if self.read_active(|a| a.status.id == id) {
            self.set_active(Active::sandbox(None));
        }
        Ok(())
    }

    /// The secret of a stored connection, for commands that test it again without retyping.
    pub async fn stored_secret(&self, id: &str) -> Result<Option<Secret>, AppError> {
        Ok(self.keyring.read(id).await?)
    }

    async fn sandbox_client(&self) -> Result<Client, AppError> {
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

    /// Opens the connection saved as active, once. Failing that, the sandbox stays active and the
    /// status says why.
    async fn open_saved(&self) {
        self.opened
            .get_or_init(|| async {
                let settings = self.settings.lock().await;
                let Some(stored) = settings.active_connection().cloned() else {
                    return;
                };
                match self.open(&stored).await {
                    Ok(next) => {
                        tracing::info!(connection = %stored.id, "opened the saved connection");
                        self.set_active(next);
                    }
                    Err(err) => {
                        tracing::warn!(connection = %stored.id, "saved connection not opened: {err}");
                        self.set_active(Active::sandbox(Some(format!(
                            "Could not open “{}”: {err} Using the sandbox.",
                            stored.name
                        ))));
                    }
                }
            })
            .await;
    }

    /// Builds the client of a stored connection from its secret in the keyring.
    async fn open(&self, stored: &StoredConnection) -> Result<Active, AppError> {
        let secret = self.read_secret(stored).await?;
        open_with(stored, secret)
    }

    /// The stored secret of a connection; a missing one is an error saying what to do.
    async fn read_secret(&self, stored: &StoredConnection) -> Result<Secret, AppError> {
        self.keyring
            .read(&stored.id)
            .await?
            .ok_or_else(|| AppError::Keyring {
                message: format!(
                    "The keyring has no secret for “{}”: edit the connection and type the key again.",
                    stored.name
                ),
            })
    }

    async fn write(&self, settings: &Settings) -> Result<(), AppError> {
        let file = self.file.clone();
        let settings = settings.clone();
        tokio::task::spawn_blocking(move || file.save(&settings))
            .await
            .map_err(AppError::internal)??;
        Ok(())
    }

    fn read_active<T>(&self, f: impl FnOnce(&Active) -> T) -> T {
        let guard = self.active.read().unwrap_or_else(|p| p.into_inner());
        f(&guard)
    }

    fn set_active(&self, next: Active) {
        let mut guard = self.active.write().unwrap_or_else(|p| p.into_inner());
        *guard = next;
    }
}

/// The active state of a stored connection whose secret is known.
fn open_with(stored: &StoredConnection, secret: Secret) -> Result<Active, AppError> {
    let client = Client::new(
        &stored.endpoint,
        credentials(&stored.credential, secret, stored.org_id.clone()),
        ConnectionOptions::default(),
    )?;
    Ok(Active {
        status: ActiveStatus {
            id: stored.id.clone(),
            name: stored.name.clone(),
            problem: None,
        },
        client: Some(client),
    })
}

/// The client credentials of a stored connection with its secret.
pub fn credentials(kind: &CredentialKind, secret: Secret, org_id: Option<String>) -> Credentials {
    match kind {
        CredentialKind::ApiKey => Credentials::ApiKey {
            key: secret,
            org_id,
        },
        CredentialKind::ServiceAccount { client_id } => Credentials::ServiceAccount {
            client_id: client_id.clone(),
            client_secret: secret,
            org_id,
            token_url: None,
        },
    }
}

fn no_such(id: &str) -> AppError {
    AppError::NotFound {
        message: format!("There is no stored connection `{id}`."),
    }
}
