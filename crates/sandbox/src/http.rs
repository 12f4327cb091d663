//! JumpCloud's error bodies, its authentication rules and the sandbox's own loopback rule, shared
//! by every route.
//!
//! Promises: every error answers `{"code": int, "message": str, "status": str}`; a request whose
//! `Host` is not a loopback name (or that has none, on HTTP/1.1) is a 403 before anything else
//! looks at it; a request without the right `x-api-key` is a 401; an `x-org-id` that is not 24
//! hex digits is a 400, one naming another organisation a 403 with an organisation's own key and
//! a 404 with a provider's, as JumpCloud documents (see [`crate::tenancy`]).

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use serde_json::json;

use crate::seed::ids::is_object_id;
use crate::state::Shared;

/// An error answered in JumpCloud's shape.
#[derive(Debug, Clone)]
pub(crate) struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
        }
    }
    pub(crate) fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }
    pub(crate) fn not_found(what: &str, id: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, format!("{what} {id} not found"))
    }
    pub(crate) fn internal(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        error_response(self.status, &self.message)
    }
}

/// `{"code", "message", "status"}` with the status's reason phrase.
pub(crate) fn error_response(status: StatusCode, message: &str) -> Response {
    let body = json!({
        "code": status.as_u16(),
        "message": message,
        "status": status.canonical_reason().unwrap_or("Error"),
    });
    (status, Json(body)).into_response()
}

pub(crate) type ApiResult = Result<Response, ApiError>;

/// A 200 with `body` as JSON (a [`crate::doc::Doc`] in it is written as its text).
pub(crate) fn ok_json(body: impl Serialize) -> ApiResult {
    Ok(Json(body).into_response())
}

/// Refuses a request not addressed to a loopback name. A web page can make a name it controls
/// resolve to 127.0.0.1 (DNS rebinding) and then call the sandbox as its own origin; the browser
/// still sends that name as `Host`, so only `127.0.0.1`, `localhost` and `[::1]` (each with or
/// without a port) pass. HTTP/1.1 requires `Host`; only HTTP/1.0, which predates it and which no
/// browser sends, may leave it out.
pub(crate) fn check_host<B>(req: &hyper::Request<B>) -> Result<(), ApiError> {
    let forbidden = |what: &str| {
        Err(ApiError::new(
            StatusCode::FORBIDDEN,
            format!("{what}: the sandbox answers only requests addressed to 127.0.0.1, localhost or [::1]"),
        ))
    };
    if let Some(authority) = req.uri().authority() {
        if !is_loopback_host(authority.as_str()) {
            return forbidden("the request names another host");
        }
    }
    let mut hosts = req.headers().get_all(axum::http::header::HOST).iter();
    match (hosts.next(), hosts.next()) {
        (Some(_), Some(_)) => forbidden("more than one Host header"),
        (Some(host), None) => match host.to_str() {
            Ok(host) if is_loopback_host(host) => Ok(()),
            _ => forbidden("Host is not a loopback name"),
        },
        (None, _) if req.version() <= axum::http::Version::HTTP_10 => Ok(()),
        (None, _) => forbidden("Host is missing"),
    }
}

/// `127.0.0.1`, `localhost` (any case) or `[::1]`, optionally followed by `:PORT`.
fn is_loopback_host(host: &str) -> bool {
    let rest = ["127.0.0.1", "[::1]"]
        .iter()
        .find_map(|name| host.strip_prefix(name))
        .or_else(|| {
            host.get(..9)
                .filter(|name| name.eq_ignore_ascii_case("localhost"))
                .map(|_| &host[9..])
        });
    match rest {
        Some("") => true,
        Some(port) => port.strip_prefix(':').is_some_and(|p| {
            !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) && p.parse::<u16>().is_ok()
        }),
        None => false,
    }
}

/// Checks `x-api-key` and `x-org-id` before any route of an organisation runs.
pub(crate) async fn authenticate(
    State(shared): State<Arc<Shared>>,
    req: Request,
    next: Next,
) -> Response {
    if let Err(e) = check_key(req.headers(), &shared.api_key)
        .and_then(|()| check_org(req.headers(), req.uri().path(), &shared))
    {
        return e.into_response();
    }
    next.run(req).await
}

/// The key, before anything else: a wrong or missing one is a 401.
pub(crate) fn check_key(headers: &HeaderMap, api_key: &str) -> Result<(), ApiError> {
    let key = headers.get("x-api-key").and_then(|v| v.to_str().ok());
    if key != Some(api_key) {
        let message = if key.is_none() {
            "Unauthorized: missing x-api-key"
        } else {
            "Unauthorized"
        };
        return Err(ApiError::new(StatusCode::UNAUTHORIZED, message));
    }
    Ok(())
}

/// `x-org-id` as JumpCloud answers it: malformed is a 400; with an organisation's own key,
/// naming another organisation is a 403; with a provider's key, leaving it out of an
/// organisation route is a 401 and naming no organisation of the provider a 404 (the provider's
/// router answers those before an organisation's router is chosen; checked again here).
fn check_org(headers: &HeaderMap, path: &str, shared: &Shared) -> Result<(), ApiError> {
    let Some(org) = headers.get("x-org-id") else {
        if shared.provider && path.starts_with("/api/") {
            return Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "Unauthorized: x-org-id is required with a multi-tenant administrator's key",
            ));
        }
        return Ok(());
    };
    let org = org.to_str().unwrap_or("");
    if !is_object_id(org) {
        return Err(ApiError::bad_request(format!(
            "invalid x-org-id {org:?}: expected 24 hex digits"
        )));
    }
    if !org.eq_ignore_ascii_case(&shared.org.id) {
        let status = if shared.provider {
            StatusCode::NOT_FOUND
        } else {
            StatusCode::FORBIDDEN
        };
        let message = if shared.provider {
            format!("organization {org} not found")
        } else {
            format!("Forbidden: this key may not act on organization {org}")
        };
        return Err(ApiError::new(status, message));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::is_loopback_host;

    #[test]
    fn only_loopback_names_pass() {
        for ok in [
            "127.0.0.1",
            "127.0.0.1:8080",
            "localhost",
            "LocalHost:1",
            "[::1]",
            "[::1]:65535",
        ] {
            assert!(is_loopback_host(ok), "{ok} is loopback");
        }
        for bad in [
            "",
            "evil.example",
            "evil.example:8080",
            "127.0.0.1.evil.example",
            "localhost.evil.example",
            "localhost.",
            "127.0.0.2",
            "0.0.0.0",
            "[::2]",
            "localhost:",
            "localhost:http",
            "localhost:+80",
            "127.0.0.1:65536",
            "[::1]x",
            "user@localhost",
        ] {
            assert!(!is_loopback_host(bad), "{bad:?} is refused");
        }
    }
}
