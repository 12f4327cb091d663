//! Connection secrets in the OS keyring.
//!
//! An API key or a service account's client secret is typed once and then lives only in the
//! operating system's credential store (the Secret Service on Linux, the Keychain on macOS, the
//! Credential Manager on Windows), never in the settings file. [`Keyring`] is the one door to it:
//! store, read (a missing item is `Ok(None)`, not an error) and delete, one item per connection,
//! keyed by the app's identifier (the service) and the connection id (the account). On Linux the
//! item carries the attributes `service` and `username`, so
//! `secret-tool lookup service <service> username <connection id>` finds it.
//!
//! What it promises: a secret goes in and comes out as a [`Secret`], and no [`KeyringError`] ever carries
//! one (the platform's own errors can hold the stored bytes; those are dropped, not formatted).
//! The platform calls block (keyring 3's API is synchronous, and the Secret Service answers over
//! D-Bus), so every method runs them on tokio's blocking pool.

use crate::secret::Secret;

/// The service name every SSO Desk item is stored under: the app's identifier.
pub const APP_SERVICE: &str = "dev.ssodesk.desktop";

/// What the admin can do when the keyring cannot be used, shown with every such error.
const WHAT_TO_DO: &str = "Unlock your keyring (log in to your desktop session, or open your \
password manager and unlock the login keyring); on Linux without one, install and start \
gnome-keyring (or another Secret Service). SSO Desk keeps running on the sandbox meanwhile.";

/// Why the keyring could not store, read or delete a secret. No variant carries the secret.
#[derive(Debug, thiserror::Error)]
pub enum KeyringError {
    /// The store is locked, missing, or not reachable (no D-Bus session, no Secret Service).
    #[error("The keyring is locked or not available ({detail}). {WHAT_TO_DO}")]
    Unavailable { detail: String },
    /// The stored item is not text: something other than SSO Desk wrote it.
    #[error("The keyring item of connection `{account}` is not readable text; remove the connection and add it again")]
    Unreadable { account: String },
    /// More than one item matches the connection (written by another program).
    #[error("The keyring holds several items for connection `{account}`; remove them with your keyring's manager and save the connection again")]
    Ambiguous { account: String },
    /// The platform refused the item itself (a name too long, an invalid attribute).
    #[error("The keyring refused the item of connection `{account}`: {detail}")]
    Refused { account: String, detail: String },
    /// The blocking task running the platform call failed.
    #[error("The keyring call did not finish: {detail}")]
    Task { detail: String },
}

impl KeyringError {
    /// A stable machine code per variant.
    pub fn code(&self) -> &'static str {
        match self {
            KeyringError::Unavailable { .. } => "keyring_unavailable",
            KeyringError::Unreadable { .. } => "keyring_unreadable",
            KeyringError::Ambiguous { .. } => "keyring_ambiguous",
            KeyringError::Refused { .. } => "keyring_refused",
            KeyringError::Task { .. } => "keyring_task",
        }
    }

    /// Maps a platform error. `BadEncoding` holds the stored bytes (the secret) and `Ambiguous`
    /// the matching items, so neither payload is formatted.
    fn from_platform(err: keyring::Error, account: &str) -> KeyringError {
        use keyring::Error as K;
        match err {
            K::NoStorageAccess(inner) | K::PlatformFailure(inner) => KeyringError::Unavailable {
                detail: inner.to_string(),
            },
            K::BadEncoding(_) => KeyringError::Unreadable {
                account: account.to_owned(),
            },
            K::Ambiguous(_) => KeyringError::Ambiguous {
                account: account.to_owned(),
            },
            K::TooLong(attr, limit) => KeyringError::Refused {
                account: account.to_owned(),
                detail: format!("`{attr}` is longer than {limit}"),
            },
            K::Invalid(attr, why) => KeyringError::Refused {
                account: account.to_owned(),
                detail: format!("`{attr}` {why}"),
            },
            // `NoEntry` is handled by each caller; a future variant is reported by kind only.
            other => KeyringError::Refused {
                account: account.to_owned(),
                detail: match other {
                    K::NoEntry => "no such item".to_owned(),
                    _ => "unexpected platform error".to_owned(),
                },
            },
        }
    }
}

/// The OS keyring, scoped to one service name (the app's, or a test's own).
#[derive(Debug, Clone)]
pub struct Keyring {
    service: String,
}

impl Default for Keyring {
    fn default() -> Self {
        Self::new(APP_SERVICE)
    }
}

impl Keyring {
    pub fn new(service: impl Into<String>) -> Self {
        Self {
            service: service.into(),
        }
    }

    pub fn service(&self) -> &str {
        &self.service
    }

    /// Stores `secret` for `account`, replacing any secret stored before.
    pub async fn store(&self, account: &str, secret: &Secret) -> Result<(), KeyringError> {
        let secret = secret.clone();
        self.blocking(account, move |entry, account| {
            entry
                .set_password(secret.expose())
                .map_err(|e| KeyringError::from_platform(e, account))
        })
        .await
    }

    /// The secret stored for `account`, or `None` when there is none.
    pub async fn read(&self, account: &str) -> Result<Option<Secret>, KeyringError> {
        self.blocking(account, |entry, account| match entry.get_password() {
            Ok(value) => Ok(Some(Secret::new(value))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(KeyringError::from_platform(e, account)),
        })
        .await
    }

    /// Deletes the secret of `account`. `Ok(false)` when there was none.
    pub async fn delete(&self, account: &str) -> Result<bool, KeyringError> {
        self.blocking(account, |entry, account| match entry.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(e) => Err(KeyringError::from_platform(e, account)),
        })
        .await
    }

    /// Runs one platform call on the blocking pool. The entry is built there too: on Linux even
    /// building it talks to D-Bus.
    async fn blocking<T, F>(&self, account: &str, call: F) -> Result<T, KeyringError>
    where
        T: Send + 'static,
        F: FnOnce(&keyring::Entry, &str) -> Result<T, KeyringError> + Send + 'static,
    {
        let service = self.service.clone();
        let account = account.to_owned();
        tokio::task::spawn_blocking(move || {
            let entry = keyring::Entry::new(&service, &account)
                .map_err(|e| KeyringError::from_platform(e, &account))?;
            call(&entry, &account)
        })
        .await
        .map_err(|e| KeyringError::Task {
            detail: e.to_string(),
        })?
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_never_format_the_stored_bytes() {
        let err = KeyringError::from_platform(
            keyring::Error::BadEncoding(b"jc-secret-bytes".to_vec()),
            "conn-1",
        );
        let shown = format!("{err} {err:?}");
        assert!(!shown.contains("jc-secret-bytes"), "{shown}");
        assert_eq!(err.code(), "keyring_unreadable");
    }

    #[test]
    fn unavailable_says_what_to_do() {
        let err = KeyringError::Unavailable {
            detail: "locked".into(),
        };
        let shown = err.to_string();
        assert!(
            shown.contains("Unlock your keyring") && shown.contains("gnome-keyring"),
            "the admin must learn how to fix it: {shown}"
        );
    }
}
