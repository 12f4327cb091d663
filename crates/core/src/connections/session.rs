//! The active connection: which organisation every use case talks to.
//!
//! [`Session`] knows the stored connections (the settings file), reads their secrets from the
//! keyring, and holds the active connection's [`Client`]. The sandbox is always there and is what
//! the app uses when no connection is active or the active one cannot be opened; then
//! [`Session::status`] carries the reason, for the status bar.
//!
//! Promises:
//! - [`Session::connect`] returns the active connection's id and client together, read under one
//!   lock, so a switch in the middle of a long call cannot make one organisation's data be stored
//!   under another's id: callers key what they keep by the id they were handed, never by a second
//!   look.
//! - Keyring calls are bounded by a timeout (a locked keyring's unlock prompt can wait forever)
//!   and no lock that other calls need is held across them: changes to the settings are
//!   serialised by their own lock, and readers only copy the settings.
//! - A settings file that cannot be read is moved aside under a dated name, never overwritten;
//!   the status says where it went.

use std::future::Future;
use std::sync::{Mutex, PoisonError, RwLock};
use std::time::Duration;

use sso_desk_sandbox::{Sandbox, SandboxOptions, Size};
use tokio::sync::OnceCell;

use super::credentials::{Keyring, KeyringError};
use super::secret::Secret;
use super::settings::{
    CredentialKind, Settings, SettingsError, SettingsFile, StoredConnection, SANDBOX_ID,
};
use crate::desk::AppError;
use crate::jumpcloud::{Client, ConnectionOptions, Credentials, Endpoint};
use crate::profile::{ConnectionId, Profile};

/// How long a keyring call may take before the app gives up on it (an unanswered unlock prompt).
pub const KEYRING_TIMEOUT: Duration = Duration::from_secs(10);

/// How the embedded sandbox is started: the `--sandbox-*` flags.
#[derive(Debug, Clone)]
pub struct SandboxLaunch {
    /// 0 picks a free port.
    pub port: u16,
    pub size: Size,
    /// A fixed API key (`--sandbox-api-key`, for tests that talk to the sandbox next to the app);
    /// `None` draws a random key per start, so no other local program can guess it.
    pub api_key: Option<String>,
    /// Seed one application whose attributes SSO Desk cannot read (`--sandbox-odd-application`),
    /// to see the fidelity report and the read-only editor at work.
    pub odd_application: bool,
    /// Delay added to every API request (`--sandbox-latency-ms`), to feel and measure a distant
    /// server.
    pub latency_ms: u64,
    /// A sandbox already running in its own process (`--sandbox-url`, with `--sandbox-api-key`):
    /// the app talks to it instead of starting one, and starts no server of its own. Only a
    /// loopback `http://` address is accepted, as for any connection.
    pub external_url: Option<String>,
}

impl Default for SandboxLaunch {
    fn default() -> Self {
        Self {
            port: 0,
            size: Size::Demo,
            api_key: None,
            odd_application: false,
            latency_ms: 0,
            external_url: None,
        }
    }
}

/// Where the sandbox answers, and the key it wants.
#[derive(Debug, Clone)]
pub struct SandboxAddress {
    pub url: String,
    pub api_key: String,
}

/// The embedded sandbox, started on first use with its data in the profile (or the standalone
/// one named by `--sandbox-url`).
pub struct EmbeddedSandbox {
    options: SandboxOptions,
    external: Option<SandboxAddress>,
    running: OnceCell<Sandbox>,
}

impl EmbeddedSandbox {
    pub fn new(profile: &Profile, launch: SandboxLaunch) -> Self {
        let dir = profile.sandbox_dir(matches!(launch.size, Size::Large));
        Self {
            options: SandboxOptions {
                port: launch.port,
                size: launch.size,
                api_key: launch.api_key.clone(),
                odd_application: launch.odd_application,
                latency_ms: launch.latency_ms,
                ..SandboxOptions::new(&dir)
            },
            external: launch.external_url.map(|url| SandboxAddress {
                url: url.trim_end_matches('/').to_owned(),
                api_key: launch.api_key.unwrap_or_default(),
            }),
            running: OnceCell::new(),
        }
    }

    /// Where the sandbox answers: the standalone one, else the embedded one (started now if it
    /// is not running yet).
    pub async fn address(&self) -> Result<SandboxAddress, AppError> {
        if let Some(external) = &self.external {
            return Ok(external.clone());
        }
        let sandbox = self.get().await?;
        Ok(SandboxAddress {
            url: sandbox.url().to_owned(),
            api_key: sandbox.api_key().to_owned(),
        })
    }

    /// Puts the sample data back as it was first seeded.
    pub async fn reset(&self) -> Result<(), AppError> {
        match &self.external {
            None => Ok(self.get().await?.reset().await?),
            Some(external) => {
                let failed = |err: String| AppError::Sandbox {
                    message: format!("{} did not take the reset: {err}", external.url),
                };
                let answer = reqwest::Client::new()
                    .post(format!("{}/sandbox/reset", external.url))
                    .header("x-api-key", &external.api_key)
                    .send()
                    .await
                    .map_err(|e| failed(e.to_string()))?;
                if answer.status().is_success() {
                    Ok(())
                } else {
                    Err(failed(answer.status().to_string()))
                }
            }
        }
    }

    /// Whether the embedded sandbox has been started.
    pub fn started(&self) -> bool {
        self.running.initialized()
    }

    /// The embedded sandbox, started on first use.
    pub async fn get(&self) -> Result<&Sandbox, AppError> {
        self.running
            .get_or_try_init(|| async {
                let sandbox = sso_desk_sandbox::start(self.options.clone()).await?;
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

/// The active connection, handed out whole: its id and the client that talks to it.
#[derive(Clone)]
pub struct Connected {
    pub id: ConnectionId,
    pub client: Client,
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

/// The connection every use case talks to. One [`Client`] per connection, built once.
pub struct Session {
    sandbox: EmbeddedSandbox,
    sandbox_client: OnceCell<Client>,
    keyring: Keyring,
    keyring_timeout: Duration,
    file: SettingsFile,
    /// The settings as last read or written; only copied in and out, never held across an await.
    settings: Mutex<Settings>,
    /// Serialises changes (switch, save, remove) so two never interleave their keyring and file
    /// writes. Readers never take it.
    changes: tokio::sync::Mutex<()>,
    /// Read by every call; written only while `changes` is held.
    active: RwLock<Active>,
    /// Opening the saved active connection happens once, on first use.
    opened: OnceCell<()>,
}

impl Session {
    pub fn new(profile: &Profile, keyring: Keyring, sandbox: SandboxLaunch) -> Self {
        let file = SettingsFile::in_dir(profile.config_dir());
        let (settings, problem) = load_settings(&file);
        // Until the saved connection is opened, its id is already the one caches are keyed by.
        let mut active = Active::sandbox(problem);
        if let Some(c) = settings.active_connection() {
            active.status.id = c.id.clone();
            active.status.name = c.name.clone();
        }
        Self {
            sandbox: EmbeddedSandbox::new(profile, sandbox),
            sandbox_client: OnceCell::new(),
            keyring,
            keyring_timeout: KEYRING_TIMEOUT,
            file,
            settings: Mutex::new(settings),
            changes: tokio::sync::Mutex::new(()),
            active: RwLock::new(active),
            opened: OnceCell::new(),
        }
    }

    /// A shorter keyring timeout (tests).
    pub fn with_keyring_timeout(mut self, timeout: Duration) -> Self {
        self.keyring_timeout = timeout;
        self
    }

    pub fn sandbox(&self) -> &EmbeddedSandbox {
        &self.sandbox
    }

    /// The active connection's id and client, together (see the module notes).
    pub async fn connect(&self) -> Result<Connected, AppError> {
        self.open_saved().await;
        let (id, client) = self.read_active(|a| (a.status.id.clone(), a.client.clone()));
        let client = match client {
            Some(c) => c,
            None => self.sandbox_client().await?,
        };
        Ok(Connected {
            id: ConnectionId::new(id)?,
            client,
        })
    }

    /// The active connection and, when the app fell back to the sandbox, why.
    pub async fn status(&self) -> ActiveStatus {
        self.open_saved().await;
        self.read_active(|a| a.status.clone())
    }

    /// A copy of the stored settings.
    pub fn settings(&self) -> Settings {
        self.settings
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Makes `id` the active connection (reading its secret from the keyring) and persists the
    /// choice. On failure the active connection stays as it was.
    pub async fn switch(&self, id: &str) -> Result<(), AppError> {
        self.open_saved().await;
        let _changing = self.changes.lock().await;
        let settings = self.settings();
        let next = if id == SANDBOX_ID {
            Active::sandbox(None)
        } else {
            let stored = settings
                .connection(id)
                .cloned()
                .ok_or_else(|| no_such(id))?;
            self.open(&stored).await?
        };
        let mut changed = settings;
        changed.active = (id != SANDBOX_ID).then(|| id.to_owned());
        self.write(changed).await?;
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
        let _changing = self.changes.lock().await;
        let settings = self.settings();
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
            self.bounded(self.keyring.store(&connection.id, secret))
                .await?;
        }
        let mut changed = settings;
        changed.upsert(connection.clone());
        if activate {
            changed.active = Some(connection.id.clone());
        }
        if let Err(err) = self.write(changed).await {
            if is_new && secret.is_some() {
                let _ = self.bounded(self.keyring.delete(&connection.id)).await;
            }
            return Err(err);
        }
        if let Some(next) = next {
            self.set_active(next);
        }
        Ok(())
    }

    /// Removes a stored connection and its secret. Removing the active one makes the sandbox
    /// active.
    pub async fn remove(&self, id: &str) -> Result<(), AppError> {
        if id == SANDBOX_ID {
            return Err(AppError::Invalid {
                message: "The sandbox is built in and cannot be removed.".to_owned(),
                field: None,
            });
        }
        self.open_saved().await;
        let _changing = self.changes.lock().await;
        let mut changed = self.settings();
        changed.remove(id).ok_or_else(|| no_such(id))?;
        // The secret goes first: a failure leaves the connection listed, so the admin can retry.
        self.bounded(self.keyring.delete(id)).await?;
        self.write(changed).await?;
        if self.read_active(|a| a.status.id == id) {
            self.set_active(Active::sandbox(None));
        }
        Ok(())
    }

    /// The secret of a stored connection, for testing it again without retyping.
    pub async fn stored_secret(&self, id: &str) -> Result<Option<Secret>, AppError> {
        self.bounded(self.keyring.read(id)).await
    }

    /// A keyring call that gives up after the timeout, with a message that says what to do.
    async fn bounded<T>(
        &self,
        call: impl Future<Output = Result<T, KeyringError>>,
    ) -> Result<T, AppError> {
        match tokio::time::timeout(self.keyring_timeout, call).await {
            Ok(result) => Ok(result?),
            Err(_) => Err(AppError::Keyring {
                message: format!(
                    "The keyring did not answer within {} s: it may be locked and waiting for \
                     its password. Unlock it and try again.",
                    self.keyring_timeout.as_secs_f32()
                ),
            }),
        }
    }

    async fn sandbox_client(&self) -> Result<Client, AppError> {
        self.sandbox_client
            .get_or_try_init(|| async {
                let sandbox = self.sandbox.address().await?;
                let client = Client::new(
                    &Endpoint::Custom(sandbox.url),
                    Credentials::api_key(sandbox.api_key),
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
                let Some(stored) = self.settings().active_connection().cloned() else {
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
        self.bounded(self.keyring.read(&stored.id))
            .await?
            .ok_or_else(|| AppError::Keyring {
                message: format!(
                    "The keyring has no secret for “{}”: edit the connection and type the key again.",
                    stored.name
                ),
            })
    }

    /// Writes the settings file, then the copy in memory.
    async fn write(&self, settings: Settings) -> Result<(), AppError> {
        let file = self.file.clone();
        let written = settings.clone();
        tokio::task::spawn_blocking(move || file.save(&written))
            .await
            .map_err(AppError::internal)??;
        *self.settings.lock().unwrap_or_else(PoisonError::into_inner) = settings;
        Ok(())
    }

    fn read_active<T>(&self, f: impl FnOnce(&Active) -> T) -> T {
        let guard = self.active.read().unwrap_or_else(PoisonError::into_inner);
        f(&guard)
    }

    fn set_active(&self, next: Active) {
        let mut guard = self.active.write().unwrap_or_else(PoisonError::into_inner);
        *guard = next;
    }
}

/// The settings at start, and why the app is on the sandbox when they could not be read. A file
/// that is not readable settings is moved aside (never overwritten by the next save) and the
/// status says where it went.
fn load_settings(file: &SettingsFile) -> (Settings, Option<String>) {
    match file.load() {
        Ok(s) => (s, None),
        Err(SettingsError::Corrupt { path, source }) => {
            tracing::warn!(path = %path.display(), "settings damaged: {source}");
            let problem = match file.set_aside() {
                Ok(kept) => format!(
                    "The settings file was damaged ({source}). It was kept as {} and SSO Desk \
                     started with no stored connections; the keyring still holds their secrets.",
                    kept.display()
                ),
                Err(err) => format!(
                    "The settings file {} is damaged ({source}) and could not be moved aside \
                     ({err}). Using the sandbox.",
                    path.display()
                ),
            };
            (Settings::default(), Some(problem))
        }
        Err(err) => {
            tracing::warn!("settings not loaded: {err}");
            (
                Settings::default(),
                Some(format!("{err}; using the sandbox")),
            )
        }
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
    AppError::not_found(format!("There is no stored connection `{id}`."))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[tokio::test]
    async fn a_keyring_that_never_answers_times_out_and_leaves_the_settings_readable() {
        let dir = tempfile::tempdir().expect("temp dir");
        let session = Session::new(
            &Profile::in_dir(dir.path()),
            Keyring::new("sso-desk-test-never-answers"),
            SandboxLaunch::default(),
        )
        .with_keyring_timeout(Duration::from_millis(50));
        // An unlock prompt nobody answers: the call never completes on its own.
        let prompt = std::future::pending::<Result<(), KeyringError>>();
        let (waited, settings) = tokio::join!(session.bounded(prompt), async {
            // Readers never wait for a keyring call.
            session.settings()
        });
        assert!(
            settings.connections.is_empty(),
            "the settings were read meanwhile"
        );
        match waited {
            Err(AppError::Keyring { message }) => assert!(
                message.contains("did not answer") && message.contains("Unlock"),
                "the message says what to do: {message}"
            ),
            other => panic!("a hung keyring must time out as a Keyring error, got {other:?}"),
        }
    }
}
