//! What can go wrong when talking to JumpCloud, in terms the app can act on.
//!
//! Every failure of the client is one [`Error`] variant with a stable machine code
//! ([`Error::code`]) that the app maps to a UI code, and a human message (`Display`) written for
//! an admin. Neither ever contains the API key or a bearer token: the key lives in
//! [`crate::secret::Secret`], request headers are never formatted into an error, and transport
//! errors are reduced to their kind plus the URL they were sent to (which holds no credential).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::time::Duration;

/// JumpCloud's error body: `{"code": int, "message": str, "status": str}`. Any part may be
/// missing; a body that is not JSON is kept (shortened) as the message.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct ApiMessage {
    /// An HTTP-like number; i32 keeps it a plain `number` in TypeScript.
    #[serde(default)]
    pub code: Option<i32>,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
}

impl ApiMessage {
    /// Reads an error body. Never fails: an unreadable body becomes a message of its first
    /// characters, an empty body becomes `None`.
    pub(crate) fn from_body(body: &[u8]) -> Option<ApiMessage> {
        if body.iter().all(u8::is_ascii_whitespace) {
            return None;
        }
        if let Ok(serde_json::Value::Object(map)) =
            serde_json::from_slice::<serde_json::Value>(body)
        {
            let code = map
                .get("code")
                .and_then(serde_json::Value::as_i64)
                .and_then(|c| i32::try_from(c).ok());
            let message = map
                .get("message")
                .or_else(|| map.get("error"))
                .and_then(|m| m.as_str())
                .map(str::to_owned);
            let status = map
                .get("status")
                .and_then(|s| s.as_str())
                .map(str::to_owned);
            if code.is_some() || message.is_some() || status.is_some() {
                return Some(ApiMessage {
                    code,
                    message,
                    status,
                });
            }
        }
        let text: String = String::from_utf8_lossy(body).chars().take(200).collect();
        Some(ApiMessage {
            code: None,
            message: Some(text.trim().to_owned()),
            status: None,
        })
    }
}

/// Appends JumpCloud's own words to a message, when it sent any.
struct Said<'a>(&'a Option<ApiMessage>);

impl fmt::Display for Said<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.as_ref().and_then(|m| m.message.as_deref()) {
            Some(msg) if !msg.is_empty() => write!(f, " (JumpCloud said: {msg})"),
            _ => Ok(()),
        }
    }
}

fn said(api: &Option<ApiMessage>) -> Said<'_> {
    Said(api)
}

fn seconds(d: &Option<Duration>) -> String {
    match d {
        Some(d) => format!("; try again in {} s", d.as_secs().max(1)),
        None => String::new(),
    }
}

/// A failed JumpCloud operation.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("JumpCloud did not accept the credentials{}", said(.api))]
    Unauthorized { api: Option<ApiMessage> },

    #[error("These credentials are not allowed to do this{}", said(.api))]
    Forbidden { api: Option<ApiMessage> },

    #[error("JumpCloud has no such object{}", said(.api))]
    NotFound { api: Option<ApiMessage> },

    #[error("JumpCloud asked us to slow down{}{}", seconds(.retry_after), said(.api))]
    RateLimited {
        retry_after: Option<Duration>,
        api: Option<ApiMessage>,
    },

    #[error("JumpCloud answered with a server error ({status}){}", said(.api))]
    Server {
        status: u16,
        api: Option<ApiMessage>,
    },

    #[error("JumpCloud rejected the request ({status}){}", said(.api))]
    BadRequest {
        status: u16,
        api: Option<ApiMessage>,
    },

    #[error("Could not reach JumpCloud: {message}")]
    Network { message: String },

    #[error("JumpCloud did not answer in time")]
    Timeout,

    #[error("JumpCloud sent data SSO Desk could not read at `{path}`: {message}")]
    Decode { path: String, message: String },

    #[error("`{url}` is not secure: use https (plain http is only allowed on this computer)")]
    InsecureUrl { url: String },

    #[error("`{url}` is not a usable address: {message}")]
    InvalidUrl { url: String, message: String },

    #[error("The connection could not be set up: {message}")]
    Setup { message: String },

    #[error("SSO Desk cannot send this: {message}")]
    Invalid { message: String },
}

impl Error {
    /// A stable machine code, one per variant. The app maps it to a UI code; never change an
    /// existing one.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Unauthorized { .. } => "unauthorized",
            Error::Forbidden { .. } => "forbidden",
            Error::NotFound { .. } => "not_found",
            Error::RateLimited { .. } => "rate_limited",
            Error::Server { .. } => "server",
            Error::BadRequest { .. } => "bad_request",
            Error::Network { .. } => "network",
            Error::Timeout => "timeout",
            Error::Decode { .. } => "decode",
            Error::InsecureUrl { .. } => "insecure_url",
            Error::InvalidUrl { .. } => "invalid_url",
            Error::Setup { .. } => "setup",
            Error::Invalid { .. } => "invalid",
        }
    }

    /// JumpCloud's own `{code, message}` when the server sent one.
    pub fn api_message(&self) -> Option<&ApiMessage> {
        match self {
            Error::Unauthorized { api }
            | Error::Forbidden { api }
            | Error::NotFound { api }
            | Error::RateLimited { api, .. }
            | Error::Server { api, .. }
            | Error::BadRequest { api, .. } => api.as_ref(),
            _ => None,
        }
    }

    /// The HTTP status behind this error, if it came from one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Unauthorized { .. } => Some(401),
            Error::Forbidden { .. } => Some(403),
            Error::NotFound { .. } => Some(404),
            Error::RateLimited { .. } => Some(429),
            Error::Server { status, .. } | Error::BadRequest { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Maps a non-success status and its body to an error.
    pub(crate) fn from_status(status: u16, retry_after: Option<Duration>, body: &[u8]) -> Error {
        let api = ApiMessage::from_body(body);
        match status {
            401 => Error::Unauthorized { api },
            403 => Error::Forbidden { api },
            404 => Error::NotFound { api },
            429 => Error::RateLimited { retry_after, api },
            500..=599 => Error::Server { status, api },
            _ => Error::BadRequest { status, api },
        }
    }

    /// Reduces a transport error to its kind. reqwest's own message can name the URL (which holds
    /// no credential) but never headers; its source chain is summarised, not kept.
    pub(crate) fn from_transport(err: &reqwest::Error) -> Error {
        if err.is_timeout() {
            return Error::Timeout;
        }
        let mut message = if err.is_connect() {
            "the connection failed".to_owned()
        } else if err.is_body() || err.is_decode() {
            "the answer was cut off".to_owned()
        } else {
            "the connection broke".to_owned()
        };
        // The innermost cause (an io::Error such as "connection reset by peer") helps support.
        let mut source: Option<&dyn std::error::Error> = std::error::Error::source(err);
        let mut last = None;
        while let Some(s) = source {
            last = Some(s.to_string());
            source = s.source();
        }
        if let Some(cause) = last {
            message.push_str(": ");
            message.push_str(&cause);
        }
        Error::Network { message }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_maps_to_variants_with_jumpcloud_message() {
        let body = br#"{"code": 403, "message": "Forbidden: org mismatch", "status": "Forbidden"}"#;
        let err = Error::from_status(403, None, body);
        assert_eq!(err.code(), "forbidden");
        assert_eq!(
            err.api_message().and_then(|m| m.message.as_deref()),
            Some("Forbidden: org mismatch"),
            "JumpCloud's message is carried"
        );
        assert!(
            err.to_string().contains("org mismatch"),
            "and shown to the admin"
        );
        assert_eq!(Error::from_status(500, None, b"").code(), "server");
        assert_eq!(Error::from_status(409, None, b"").code(), "bad_request");
        assert_eq!(
            Error::from_status(404, None, b"not json")
                .api_message()
                .and_then(|m| m.message.clone()),
            Some("not json".into())
        );
    }

    #[test]
    fn rate_limit_message_says_when_to_retry() {
        let err = Error::from_status(429, Some(Duration::from_secs(7)), b"");
        assert_eq!(err.code(), "rate_limited");
        assert!(err.to_string().contains("7 s"), "the wait is shown: {err}");
    }

    #[test]
    fn codes_are_distinct() {
        let all = [
            Error::Unauthorized { api: None },
            Error::Forbidden { api: None },
            Error::NotFound { api: None },
            Error::RateLimited {
                retry_after: None,
                api: None,
            },
            Error::Server {
                status: 503,
                api: None,
            },
            Error::BadRequest {
                status: 400,
                api: None,
            },
            Error::Network {
                message: String::new(),
            },
            Error::Timeout,
            Error::Decode {
                path: String::new(),
                message: String::new(),
            },
            Error::InsecureUrl { url: String::new() },
            Error::InvalidUrl {
                url: String::new(),
                message: String::new(),
            },
            Error::Setup {
                message: String::new(),
            },
            Error::Invalid {
                message: String::new(),
            },
        ];
        let mut codes: Vec<_> = all.iter().map(Error::code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len(), "each variant needs its own code");
    }
}
