//! The one error type the UI sees. It is tagged by `code`, so the UI switches on a code and never
//! parses a message. Add a code only when the UI does something different for it. Every message
//! is worded here or by the module that failed, never by the Tauri crate, and none carries a
//! secret (the client and the keyring never format one).

use serde::Serialize;

use crate::applications::lifecycle::LifecycleError;
use crate::attributes::draft::EditorError;
use crate::connections::credentials::KeyringError;
use crate::connections::form::{CheckError, FormError};
use crate::connections::session::SessionError;
use crate::connections::settings::SettingsError;
use crate::edits::{RebaseError, SaveError};
use crate::history::HistoryError;
use crate::jumpcloud;
use crate::profile::StoreError;
use crate::readiness::ReadinessError;
use crate::sso::draft::SsoError;

#[derive(Debug, thiserror::Error, Serialize, specta::Type)]
#[serde(tag = "code", content = "detail")]
pub enum AppError {
    /// The credentials were rejected (401): the admin fixes the connection in Settings.
    #[error("{message}")]
    Unauthorized { message: String },
    /// The credentials may not do this (403), or the organisation id is not allowed.
    #[error("{message}")]
    Forbidden { message: String },
    /// The object is gone (someone deleted it, or the id is wrong).
    #[error("{message}")]
    NotFound { message: String },
    /// JumpCloud kept answering 429 after the retries.
    #[error("{message}")]
    RateLimited {
        message: String,
        retry_after_seconds: Option<u32>,
    },
    /// The host could not be reached or did not answer in time: offer a retry.
    #[error("{message}")]
    Unreachable { message: String },
    /// JumpCloud failed (5xx) or sent something unreadable: offer a retry.
    #[error("{message}")]
    Server { message: String },
    /// The request was refused as invalid; `field` names the input when one is to blame.
    #[error("{message}")]
    Invalid {
        message: String,
        field: Option<String>,
    },
    /// The OS keyring is locked, missing, slow to answer, or lacks the connection's secret; the
    /// message says what to do (unlock it, install gnome-keyring, type the key again).
    #[error("{message}")]
    Keyring { message: String },
    /// The embedded sandbox could not start or answer.
    #[error("the sandbox could not start: {message}")]
    Sandbox { message: String },
    /// A file SSO Desk keeps (a draft, say) is damaged; it was left as it is and `path` names
    /// it, so the UI can offer to set it aside.
    #[error("{message}")]
    Damaged { message: String, path: String },
    /// Something the admin cannot act on; the message says what failed.
    #[error("{message}")]
    Internal { message: String },
}

impl AppError {
    pub fn internal(err: impl std::fmt::Display) -> Self {
        AppError::Internal {
            message: err.to_string(),
        }
    }

    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        AppError::Invalid {
            message: message.into(),
            field: Some(field.to_owned()),
        }
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        AppError::NotFound {
            message: message.into(),
        }
    }
}

impl From<KeyringError> for AppError {
    fn from(err: KeyringError) -> Self {
        AppError::Keyring {
            message: err.to_string(),
        }
    }
}

impl From<SettingsError> for AppError {
    fn from(err: SettingsError) -> Self {
        AppError::internal(err)
    }
}

impl From<SessionError> for AppError {
    fn from(err: SessionError) -> Self {
        let message = err.to_string();
        match err {
            SessionError::Keyring { message } => AppError::Keyring { message },
            SessionError::NoSuchConnection(_) | SessionError::NoSuchOrganisation(_) => {
                AppError::NotFound { message }
            }
            SessionError::SandboxIsBuiltIn => AppError::Invalid {
                message,
                field: None,
            },
            SessionError::Settings(err) => err.into(),
            SessionError::Client(err) => err.into(),
            SessionError::Sandbox(err) => AppError::Sandbox {
                message: err.message,
            },
            SessionError::Store(err) => err.into(),
            SessionError::Task(_) => AppError::Internal { message },
        }
    }
}

impl From<StoreError> for AppError {
    fn from(err: StoreError) -> Self {
        let message = err.to_string();
        match err {
            StoreError::Damaged { path, .. } | StoreError::OtherFormat { path, .. } => {
                AppError::Damaged {
                    message,
                    path: path.display().to_string(),
                }
            }
            StoreError::InvalidName(_) => AppError::Invalid {
                message,
                field: None,
            },
            StoreError::Io { .. } => AppError::Internal { message },
        }
    }
}

impl From<EditorError> for AppError {
    fn from(err: EditorError) -> Self {
        let message = err.to_string();
        match err {
            EditorError::Store(err) => err.into(),
            EditorError::Api(err) => err.into(),
            EditorError::Save(err) => err.into(),
            EditorError::Edit(_) | EditorError::Rebase(_) | EditorError::NoConflict { .. } => {
                AppError::Invalid {
                    message,
                    field: None,
                }
            }
            EditorError::NotOpen { .. } => AppError::NotFound { message },
        }
    }
}

impl From<SaveError> for AppError {
    fn from(err: SaveError) -> Self {
        match err {
            SaveError::Api(err) => err.into(),
            SaveError::NotReady { reason } => AppError::Invalid {
                message: reason,
                field: None,
            },
        }
    }
}

impl From<RebaseError> for AppError {
    fn from(err: RebaseError) -> Self {
        AppError::Invalid {
            message: err.to_string(),
            field: None,
        }
    }
}

impl From<SsoError> for AppError {
    fn from(err: SsoError) -> Self {
        match err {
            SsoError::Store(err) => err.into(),
            SsoError::Api(err) => err.into(),
            SsoError::Save(err) => err.into(),
            SsoError::Rebase(err) => err.into(),
            SsoError::Edit(err) => AppError::invalid(err.key(), err.to_string()),
            SsoError::Metadata(message) => AppError::invalid("metadata", message),
            SsoError::NotSaml => AppError::invalid("applicationId", err.to_string()),
            SsoError::NoConflict => AppError::Invalid {
                message: err.to_string(),
                field: None,
            },
        }
    }
}

impl From<HistoryError> for AppError {
    fn from(err: HistoryError) -> Self {
        match err {
            HistoryError::Store(err) => err.into(),
            HistoryError::Api(err) => err.into(),
            HistoryError::Save(err) => err.into(),
            HistoryError::Rebase(err) => err.into(),
            HistoryError::NotFound(message) => AppError::NotFound { message },
            HistoryError::NotDeleted => AppError::Invalid {
                message: err.to_string(),
                field: None,
            },
        }
    }
}

impl From<LifecycleError> for AppError {
    fn from(err: LifecycleError) -> Self {
        match err {
            LifecycleError::Api(err) => err.into(),
            LifecycleError::Conflict => AppError::invalid("active", err.to_string()),
            LifecycleError::Refused { field, message } => AppError::invalid(field, message),
        }
    }
}

impl From<FormError> for AppError {
    fn from(err: FormError) -> Self {
        match err {
            FormError::Invalid { field, message } => AppError::invalid(field, message),
            FormError::Api(err) => err.into(),
        }
    }
}

/// The client's error with the check's wording: the code the error has, the admin's message.
impl From<CheckError> for AppError {
    fn from(err: CheckError) -> Self {
        let CheckError {
            error,
            message,
            field,
        } = err;
        match AppError::from(error) {
            AppError::Unauthorized { .. } => AppError::Unauthorized { message },
            AppError::Forbidden { .. } => AppError::Forbidden { message },
            AppError::NotFound { .. } => AppError::NotFound { message },
            AppError::Invalid { field: was, .. } => AppError::Invalid {
                message,
                field: field.map(str::to_owned).or(was),
            },
            other => other,
        }
    }
}

impl From<ReadinessError> for AppError {
    fn from(err: ReadinessError) -> Self {
        let message = err.to_string();
        match err {
            ReadinessError::Api(err) => err.into(),
            ReadinessError::UnknownApplication(_) | ReadinessError::UnknownUser(_) => {
                AppError::NotFound { message }
            }
            ReadinessError::UserWithoutId | ReadinessError::SnapshotTooLarge => {
                AppError::Internal { message }
            }
        }
    }
}

impl From<jumpcloud::Error> for AppError {
    fn from(err: jumpcloud::Error) -> Self {
        use jumpcloud::Error as E;
        let message = err.to_string();
        match err {
            E::Unauthorized { .. } => AppError::Unauthorized { message },
            E::Forbidden { .. } => AppError::Forbidden { message },
            E::NotFound { .. } => AppError::NotFound { message },
            E::RateLimited { retry_after, .. } => AppError::RateLimited {
                message,
                retry_after_seconds: retry_after
                    .map(|d| u32::try_from(d.as_secs()).unwrap_or(u32::MAX)),
            },
            E::Network { .. } | E::Timeout => AppError::Unreachable { message },
            E::Server { .. } | E::Decode { .. } => AppError::Server { message },
            E::BadRequest { .. } | E::Invalid { .. } => AppError::Invalid {
                message,
                field: None,
            },
            E::InsecureUrl { .. } | E::InvalidUrl { .. } => AppError::Invalid {
                message,
                field: Some("url".to_owned()),
            },
            E::Setup { .. } => AppError::Internal { message },
        }
    }
}
