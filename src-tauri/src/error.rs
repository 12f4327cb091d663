//! The one error type the UI sees. It is tagged by `code`, so the UI switches on a code and never
//! parses a message. Add a code only when the UI does something different for it.

use serde::Serialize;

#[derive(Debug, thiserror::Error, Serialize, specta::Type)]
#[serde(tag = "code", content = "detail")]
pub enum AppError {
    /// The embedded sandbox could not start or answer.
    #[error("the sandbox could not start: {message}")]
    Sandbox { message: String },
    /// Something the admin cannot act on; the message says what failed.
    #[error("{message}")]
    Internal { message: String },
}

impl From<sso_desk_sandbox::SandboxError> for AppError {
    fn from(err: sso_desk_sandbox::SandboxError) -> Self {
        AppError::Sandbox {
            message: err.to_string(),
        }
    }
}
