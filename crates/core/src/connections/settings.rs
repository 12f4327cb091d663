//! The settings file: the admin's stored connections and which one is active.
//!
//! What it promises:
//! - **No secrets.** A [`StoredConnection`] says where an organisation lives and how to prove who
//!   the app is, but the API key or client secret itself is in the OS keyring
//!   ([`crate::connections::credentials`]); there is no field that could hold it.
//! - **Atomic writes.** [`SettingsFile::save`] writes a temporary file next to the real one,
//!   flushes it to disk and renames it over the old file, so a crash leaves the old settings or
//!   the new ones, never half of either.
//! - **A missing file is the default** (no connections, the sandbox active); an unreadable one is
//!   an error naming the file, and it is never overwritten by a load.
//!
//! The built-in sandbox is not stored: it always exists, under the id [`SANDBOX_ID`].

use std::collections::BTreeMap;
use std::fs;
use std::hash::{BuildHasher, Hasher};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::jumpcloud::Endpoint;

/// The id of the built-in sandbox connection; no stored connection may use it.
pub const SANDBOX_ID: &str = "sandbox";

/// The file name under the app's config folder.
pub const FILE_NAME: &str = "settings.json";

/// How a stored connection proves who it is. The secret half is in the keyring.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum CredentialKind {
    /// An API key (`x-api-key`); the key is the keyring item.
    ApiKey,
    /// A service account; the client secret is the keyring item.
    #[serde(rename_all = "camelCase")]
    ServiceAccount { client_id: String },
}

/// A JumpCloud organisation the admin connected to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StoredConnection {
    /// Stable id; also the keyring account of the connection's secret.
    pub id: String,
    /// The admin's name for it, e.g. "Acme (EU)".
    pub name: String,
    pub endpoint: Endpoint,
    pub credential: CredentialKind,
    /// The organisation, for multi-tenant admins (`x-org-id`).
    #[serde(default)]
    pub org_id: Option<String>,
    /// The organisation's name as JumpCloud reported it at the last successful test.
    #[serde(default)]
    pub org_name: Option<String>,
    /// A multi-tenant administrator's key with no organisation: a provider connection, whose
    /// organisations are listed and chosen in the app.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub provider: bool,
}

/// Everything in the settings file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// The active connection's id; `None` (or [`SANDBOX_ID`]) is the sandbox.
    #[serde(default)]
    pub active: Option<String>,
    #[serde(default)]
    pub connections: Vec<StoredConnection>,
    /// A provider connection's organisations as the admin left them, by connection id (the
    /// sandbox's too): organisation ids only, never anything read from them.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub organisations: BTreeMap<String, OrgPick>,
}

/// Which of a provider connection's organisations the admin works with, and works on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrgPick {
    /// The one every page works on.
    #[serde(default)]
    pub chosen: Option<String>,
    /// The ones worked with; `None` is every one (also those the provider adds later).
    #[serde(default)]
    pub working: Option<Vec<String>>,
}

impl Settings {
    pub fn connection(&self, id: &str) -> Option<&StoredConnection> {
        self.connections.iter().find(|c| c.id == id)
    }

    /// The active stored connection, if one is active and still exists.
    pub fn active_connection(&self) -> Option<&StoredConnection> {
        self.active.as_deref().and_then(|id| self.connection(id))
    }

    /// Adds `connection`, or replaces the one with the same id in place.
    pub fn upsert(&mut self, connection: StoredConnection) {
        match self.connections.iter_mut().find(|c| c.id == connection.id) {
            Some(slot) => *slot = connection,
            None => self.connections.push(connection),
        }
    }

    /// Removes a connection; if it was active the sandbox becomes active. Returns what was removed.
    pub fn remove(&mut self, id: &str) -> Option<StoredConnection> {
        let at = self.connections.iter().position(|c| c.id == id)?;
        if self.active.as_deref() == Some(id) {
            self.active = None;
        }
        self.organisations.remove(id);
        Some(self.connections.remove(at))
    }
}

/// Why the settings could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("cannot read or write the settings file {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The file is not what SSO Desk writes; it is left as it is.
    #[error("the settings file {path} is not readable settings: {source}")]
    Corrupt {
        path: PathBuf,
        source: serde_json::Error,
    },
}

/// The settings file at one path.
#[derive(Debug, Clone)]
pub struct SettingsFile {
    path: PathBuf,
}

impl SettingsFile {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    /// `<config dir>/settings.json`
    pub fn in_dir(config_dir: &Path) -> Self {
        Self::new(config_dir.join(FILE_NAME))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads the settings; a missing file gives the defaults.
    pub fn load(&self) -> Result<Settings, SettingsError> {
        let bytes = match fs::read(&self.path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Settings::default()),
            Err(source) => return Err(self.io(source)),
        };
        serde_json::from_slice(&bytes).map_err(|source| SettingsError::Corrupt {
            path: self.path.clone(),
            source,
        })
    }

    /// Writes the settings atomically: temp file, fsync, rename, then fsync of the folder so
    /// the rename itself survives a crash.
    pub fn save(&self, settings: &Settings) -> Result<(), SettingsError> {
        let mut body =
            serde_json::to_vec_pretty(settings).map_err(|source| SettingsError::Corrupt {
                path: self.path.clone(),
                source,
            })?;
        body.push(b'\n');
        crate::profile::write_atomically(&self.path, &body).map_err(|e| self.io(e))?;
        Ok(())
    }

    /// Moves the file aside as `settings.json.damaged-<ms>` so the next save cannot overwrite it,
    /// and returns where it went.
    pub fn set_aside(&self) -> Result<PathBuf, SettingsError> {
        let name = self.path.file_name().map_or_else(
            || "settings.json".into(),
            |n| n.to_string_lossy().into_owned(),
        );
        let kept = self
            .path
            .with_file_name(format!("{name}.damaged-{}", crate::profile::now_ms()));
        fs::rename(&self.path, &kept).map_err(|e| self.io(e))?;
        Ok(kept)
    }

    fn io(&self, source: std::io::Error) -> SettingsError {
        SettingsError::Io {
            path: self.path.clone(),
            source,
        }
    }
}

/// A new connection id: `conn-` and 16 random hex digits. The randomness comes from the standard
/// library's randomly keyed hasher, which is all an id needs.
pub fn new_connection_id() -> String {
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default(),
    );
    format!("conn-{:016x}", hasher.finish())
}
