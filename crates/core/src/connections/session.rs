//! The active connection: which organisation every use case talks to.
//!
//! [`Session`] knows the stored connections (the settings file), reads their secrets from the
//! keyring, and holds the active connection's [`Client`]. The sandbox (a [`SandboxSource`] handed
//! in by whoever built the session; the core starts no server) is what the app uses when no
//! connection is active or the active one cannot be opened; then [`Session::status`] carries the
//! reason, for the status bar.
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
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::Duration;

use tokio::sync::OnceCell;

use super::credentials::{Keyring, KeyringError};
use super::organisations::{self, OrgScope, Organisation};
use super::sandbox::{SandboxAddress, SandboxSource, SandboxUnavailable};
use super::settings::{
    CredentialKind, Settings, SettingsError, SettingsFile, StoredConnection, SANDBOX_ID,
};
use crate::jumpcloud::{self, Client, ConnectionOptions, Credentials, Endpoint};
use crate::profile::{ConnectionId, Profile, StoreError};
use crate::secret::Secret;

/// How long a keyring call may take before the app gives up on it (an unanswered unlock prompt).
pub const KEYRING_TIMEOUT: Duration = Duration::from_secs(10);

/// Why the session could not do what was asked. The desk maps each to the error the UI sees.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    /// The keyring is locked, missing, slow to answer, or lacks the connection's secret; the
    /// message says what to do.
    #[error("{message}")]
    Keyring { message: String },
    #[error("There is no stored connection `{0}`.")]
    NoSuchConnection(String),
    /// An organisation the active connection cannot act on (or a connection that is not a
    /// provider's).
    #[error("The connection has no organisation `{0}`.")]
    NoSuchOrganisation(String),
    #[error("The sandbox is built in and cannot be removed.")]
    SandboxIsBuiltIn,
    #[error(transparent)]
    Settings(#[from] SettingsError),
    /// The connection's client could not be built, or the sandbox's answered with an error.
    #[error(transparent)]
    Client(#[from] jumpcloud::Error),
    #[error(transparent)]
    Sandbox(#[from] SandboxUnavailable),
    /// A connection id that cannot name a folder.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A background task did not finish.
    #[error("{0}")]
    Task(String),
}

impl From<KeyringError> for SessionError {
    fn from(err: KeyringError) -> Self {
        SessionError::Keyring {
            message: err.to_string(),
        }
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

/// The active connection, handed out whole: its id and the client that talks to it. For a
/// provider connection both name one organisation: the id is the organisation's
/// ([`ConnectionId::in_org`]) and the client sends its `x-org-id` ([`Client::for_org`]).
#[derive(Clone)]
pub struct Connected {
    pub id: ConnectionId,
    pub client: Client,
    /// The organisation, for a provider connection.
    pub org: Option<Organisation>,
}

struct Active {
    status: ActiveStatus,
    /// `None` for the sandbox, whose client is built on first use.
    client: Option<Client>,
    /// A provider's key with no organisation of its own (the sandbox's is known once it runs).
    provider: bool,
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
            provider: false,
        }
    }
}

/// The connection every use case talks to. One [`Client`] per connection, built once.
pub struct Session {
    sandbox: Arc<dyn SandboxSource>,
    /// The sandbox's client and whether its key is a provider's.
    sandbox_client: OnceCell<(Client, bool)>,
    /// The active provider connection's organisations, once listed; cleared on every switch.
    orgs: Mutex<Option<OrgScope>>,
    /// One listing of organisations at a time.
    listing: tokio::sync::Mutex<()>,
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
    /// `sandbox` is asked for its address only when the sandbox is first needed.
    pub fn new(profile: &Profile, keyring: Keyring, sandbox: Arc<dyn SandboxSource>) -> Self {
        let file = SettingsFile::in_dir(profile.config_dir());
        let (settings, problem) = load_settings(&file);
        // Until the saved connection is opened, its id is already the one caches are keyed by.
        let mut active = Active::sandbox(problem);
        if let Some(c) = settings.active_connection() {
            active.status.id = c.id.clone();
            active.status.name = c.name.clone();
        }
        Self {
            sandbox,
            sandbox_client: OnceCell::new(),
            orgs: Mutex::new(None),
            listing: tokio::sync::Mutex::new(()),
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

    /// Whether the sandbox is running (an embedded one starts on first use).
    pub fn sandbox_started(&self) -> bool {
        self.sandbox.started()
    }

    /// Where the sandbox answers (starting it if need be), for editing around the app as someone
    /// in the console would.
    pub async fn sandbox_address(&self) -> Result<SandboxAddress, SessionError> {
        Ok(self.sandbox.address().await?)
    }

    /// Puts the sandbox's sample data back as first seeded, through the sandbox's client (see
    /// [`Client::reset_sample_data`]), whichever connection is active.
    pub async fn reset_sandbox(&self) -> Result<(), SessionError> {
        Ok(self.sandbox_client().await?.0.reset_sample_data().await?)
    }

    /// The active connection's id and client, together (see the module notes); for a provider
    /// connection, the chosen organisation's.
    pub async fn connect(&self) -> Result<Connected, SessionError> {
        let (base, client, scope) = self.connect_base().await?;
        match scope {
            None => Ok(Connected {
                id: base,
                client,
                org: None,
            }),
            Some(scope) => {
                let org = scope.chosen().cloned().ok_or_else(|| {
                    SessionError::NoSuchOrganisation("(the provider lists none)".into())
                })?;
                in_org(&base, &client, org)
            }
        }
    }

    /// Organisation `org_id` of the active provider connection, whichever is chosen: for a page
    /// that reads several organisations. Its id and client name that organisation only.
    pub async fn connect_org(&self, org_id: &str) -> Result<Connected, SessionError> {
        let (base, client, scope) = self.connect_base().await?;
        let org = scope
            .as_ref()
            .and_then(|s| s.find(org_id))
            .cloned()
            .ok_or_else(|| SessionError::NoSuchOrganisation(org_id.to_owned()))?;
        in_org(&base, &client, org)
    }

    /// The active provider connection's organisations (listed on first use); `None` for a
    /// connection that acts on one organisation.
    pub async fn organisations(&self) -> Result<Option<OrgScope>, SessionError> {
        Ok(self.connect_base().await?.2)
    }

    /// Works on organisation `org_id` of the active provider connection from now on.
    pub async fn choose_org(&self, org_id: &str) -> Result<(), SessionError> {
        self.change_scope(|s| {
            if s.choose(org_id) {
                Ok(())
            } else {
                Err(org_id.to_owned())
            }
        })
        .await
    }

    /// Works with these organisations of the active provider connection (see [`OrgScope::pick`]).
    pub async fn pick_orgs(&self, org_ids: &[String]) -> Result<(), SessionError> {
        self.change_scope(|s| {
            s.pick(org_ids);
            Ok(())
        })
        .await
    }

    async fn change_scope(
        &self,
        change: impl FnOnce(&mut OrgScope) -> Result<(), String>,
    ) -> Result<(), SessionError> {
        self.organisations().await?;
        let _changes = self.changes.lock().await;
        let (connection, saved) = {
            let mut orgs = self.orgs.lock().unwrap_or_else(PoisonError::into_inner);
            let scope = orgs.as_mut().ok_or_else(|| {
                SessionError::NoSuchOrganisation("(not a provider connection)".into())
            })?;
            change(scope).map_err(SessionError::NoSuchOrganisation)?;
            (scope.connection.clone(), scope.saved())
        };
        // Kept for the next start; the switch has happened either way.
        let mut settings = self.settings();
        if settings.organisations.get(&connection) != Some(&saved) {
            settings.organisations.insert(connection, saved);
            if let Err(err) = self.write(settings).await {
                tracing::warn!("the organisations chosen were not kept for the next start: {err}");
            }
        }
        Ok(())
    }

    /// The id what is kept for the active connection is keyed by, without connecting: the
    /// chosen organisation's once the provider's organisations are listed.
    pub async fn active_id(&self) -> Result<ConnectionId, SessionError> {
        let id = ConnectionId::new(self.status().await.id)?;
        // A provider connection keeps nothing under its own id: list its organisations first
        // (once), so no other organisation's (or an older single-organisation) list shows.
        let (client, provider) = self.read_active(|a| (a.client.is_some(), a.provider));
        let sandbox_provider = !client && self.sandbox_client.get().is_some_and(|(_, p)| *p);
        if provider || sandbox_provider {
            self.organisations().await?;
        }
        let chosen = self
            .orgs
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
            .filter(|s| s.connection == id.as_str())
            .and_then(|s| s.chosen().map(|o| o.id.clone()));
        match chosen {
            Some(org) => Ok(id.in_org(&org)?),
            None => Ok(id),
        }
    }

    /// The active connection's own id and client, and its organisations when it is a provider's.
    async fn connect_base(&self) -> Result<(ConnectionId, Client, Option<OrgScope>), SessionError> {
        self.open_saved().await;
        let (id, client, provider) =
            self.read_active(|a| (a.status.id.clone(), a.client.clone(), a.provider));
        let (client, provider) = match client {
            Some(c) => (c, provider),
            None => self.sandbox_client().await?,
        };
        let id = ConnectionId::new(id)?;
        if !provider {
            return Ok((id, client, None));
        }
        let scope = self.scope_of(&id, &client).await?;
        Ok((id, client, Some(scope)))
    }

    /// The provider connection `id`'s organisations, listed once.
    async fn scope_of(&self, id: &ConnectionId, client: &Client) -> Result<OrgScope, SessionError> {
        let known = || {
            self.orgs
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .clone()
                .filter(|s| s.connection == id.as_str())
        };
        if let Some(scope) = known() {
            return Ok(scope);
        }
        let _one_listing = self.listing.lock().await;
        if let Some(scope) = known() {
            return Ok(scope);
        }
        let listed = organisations::list(client).await?;
        let mut scope = OrgScope::new(id.as_str(), listed);
        if let Some(saved) = self.settings().organisations.get(id.as_str()) {
            scope.restore(saved);
        }
        let mut orgs = self.orgs.lock().unwrap_or_else(PoisonError::into_inner);
        // A switch meanwhile made another connection active: its listing is its own.
        if self.read_active(|a| a.status.id == id.as_str()) {
            *orgs = Some(scope.clone());
        }
        Ok(scope)
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
    pub async fn switch(&self, id: &str) -> Result<(), SessionError> {
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
    ) -> Result<(), SessionError> {
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
    pub async fn remove(&self, id: &str) -> Result<(), SessionError> {
        if id == SANDBOX_ID {
            return Err(SessionError::SandboxIsBuiltIn);
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
    pub async fn stored_secret(&self, id: &str) -> Result<Option<Secret>, SessionError> {
        self.bounded(self.keyring.read(id)).await
    }

    /// A keyring call that gives up after the timeout, with a message that says what to do.
    async fn bounded<T>(
        &self,
        call: impl Future<Output = Result<T, KeyringError>>,
    ) -> Result<T, SessionError> {
        match tokio::time::timeout(self.keyring_timeout, call).await {
            Ok(result) => Ok(result?),
            Err(_) => Err(SessionError::Keyring {
                message: format!(
                    "The keyring did not answer within {} s: it may be locked and waiting for \
                     its password. Unlock it and try again.",
                    self.keyring_timeout.as_secs_f32()
                ),
            }),
        }
    }

    async fn sandbox_client(&self) -> Result<(Client, bool), SessionError> {
        self.sandbox_client
            .get_or_try_init(|| async {
                let sandbox = self.sandbox.address().await?;
                let client = Client::new(
                    &Endpoint::Custom(sandbox.url),
                    Credentials::ApiKey {
                        key: sandbox.api_key,
                        org_id: None,
                    },
                    ConnectionOptions::default(),
                )?;
                Ok::<_, SessionError>((client, sandbox.provider))
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
    async fn open(&self, stored: &StoredConnection) -> Result<Active, SessionError> {
        let secret = self.read_secret(stored).await?;
        open_with(stored, secret)
    }

    /// The stored secret of a connection; a missing one is an error saying what to do.
    async fn read_secret(&self, stored: &StoredConnection) -> Result<Secret, SessionError> {
        self.bounded(self.keyring.read(&stored.id))
            .await?
            .ok_or_else(|| SessionError::Keyring {
                message: format!(
                    "The keyring has no secret for “{}”: edit the connection and type the key again.",
                    stored.name
                ),
            })
    }

    /// Writes the settings file, then the copy in memory.
    async fn write(&self, settings: Settings) -> Result<(), SessionError> {
        let file = self.file.clone();
        let written = settings.clone();
        tokio::task::spawn_blocking(move || file.save(&written))
            .await
            .map_err(|e| SessionError::Task(e.to_string()))??;
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
        // Another connection's organisations are not this one's.
        let mut orgs = self.orgs.lock().unwrap_or_else(PoisonError::into_inner);
        if orgs
            .as_ref()
            .is_some_and(|s| s.connection != guard.status.id)
        {
            *orgs = None;
        }
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
fn open_with(stored: &StoredConnection, secret: Secret) -> Result<Active, SessionError> {
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
        provider: stored.provider && stored.org_id.is_none(),
    })
}

/// Organisation `org` of the provider connection `base`.
fn in_org(
    base: &ConnectionId,
    client: &Client,
    org: Organisation,
) -> Result<Connected, SessionError> {
    Ok(Connected {
        id: base.in_org(&org.id)?,
        client: client.for_org(&org.id),
        org: Some(org),
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

fn no_such(id: &str) -> SessionError {
    SessionError::NoSuchConnection(id.to_owned())
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::super::sandbox::StandaloneSandbox;
    use super::*;

    #[tokio::test]
    async fn a_keyring_that_never_answers_times_out_and_leaves_the_settings_readable() {
        let dir = tempfile::tempdir().expect("temp dir");
        let session = Session::new(
            &Profile::in_dir(dir.path()),
            Keyring::new("sso-desk-test-never-answers"),
            Arc::new(
                StandaloneSandbox::new("http://127.0.0.1:9", Secret::new("unused"))
                    .expect("a loopback address"),
            ),
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
            Err(SessionError::Keyring { message }) => assert!(
                message.contains("did not answer") && message.contains("Unlock"),
                "the message says what to do: {message}"
            ),
            other => panic!("a hung keyring must time out as a Keyring error, got {other:?}"),
        }
    }
}
