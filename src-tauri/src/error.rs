//! The one error type the UI sees. It is tagged by `code`, so the UI switches on a code and never
//! parses a message. Add a code only when the UI does something different for it.

use serde::Serialize;
use sso_desk_core::json_diff::FieldConflict;
use sso_desk_core::jumpcloud;

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
    /// Someone changed the same fields meanwhile: the UI shows both sides.
    #[error("someone else changed the same fields meanwhile")]
    Conflict { conflicts: Vec<FieldConflict> },
    /// The OS keyring is locked, missing, or lacks the connection's secret; the message says
    /// what to do (unlock it, install gnome-keyring, type the key again).
    #[error("{message}")]
    Keyring { message: String },
    /// The embedded sandbox could not start or answer.
    #[error("the sandbox could not start: {message}")]
    Sandbox { message: String },
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
}

impl From<sso_desk_core::credentials::Error> for AppError {
    fn from(err: sso_desk_core::credentials::Error) -> Self {
        // Keyring errors never carry the secret (see `credentials::Error`).
        AppError::Keyring {
            message: err.to_string(),
        }
    }
}

impl From<sso_desk_core::settings::Error> for AppError {
    fn from(err: sso_desk_core::settings::Error) -> Self {
        AppError::internal(err)
    }
}

impl From<sso_desk_sandbox::SandboxError> for AppError {
    fn from(err: sso_desk_sandbox::SandboxError) -> Self {
        AppError::Sandbox {
            message: err.to_string(),
        }
    }
}

impl From<jumpcloud::Error> for AppError {
    fn from(err: jumpcloud::Error) -> Self {
        use jumpcloud::Error as E;
        // The client's messages never carry a credential, so they can be shown as they are.
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
            E::Conflict { conflicts } => AppError::Conflict { conflicts },
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
