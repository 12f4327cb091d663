//! JumpCloud's error bodies and its authentication rules, shared by every route.
//!
//! Promises: every error answers `{"code": int, "message": str, "status": str}`; a request without
//! the right `x-api-key` is a 401; an `x-org-id` that is not 24 hex digits is a 400 and one naming
//! another organisation a 404, as JumpCloud documents.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use crate::seed::ids::is_object_id;
use crate::state::Shared;
use crate::SAMPLE_ORG_ID;

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

pub(crate) fn ok_json(v: Value) -> ApiResult {
    Ok(Json(v).into_response())
}

/// Checks `x-api-key` and `x-org-id` before any route runs.
pub(crate) async fn authenticate(
    State(shared): State<Arc<Shared>>,
    req: Request,
    next: Next,
) -> Response {
    if let Err(e) = check(req.headers(), &shared.api_key) {
        return e.into_response();
    }
    next.run(req).await
}

fn check(headers: &HeaderMap, api_key: &str) -> Result<(), ApiError> {
    let key = headers.get("x-api-key").and_then(|v| v.to_str().ok());
    if key != Some(api_key) {
        let message = if key.is_none() {
            "Unauthorized: missing x-api-key"
        } else {
            "Unauthorized"
        };
        return Err(ApiError::new(StatusCode::UNAUTHORIZED, message));
    }
    if let Some(org) = headers.get("x-org-id") {
        let org = org.to_str().unwrap_or("");
        if !is_object_id(org) {
            return Err(ApiError::bad_request(format!(
                "invalid x-org-id {org:?}: expected 24 hex digits"
            )));
        }
        if !org.eq_ignore_ascii_case(SAMPLE_ORG_ID) {
            return Err(ApiError::new(
                StatusCode::NOT_FOUND,
                format!("organization {org} not found"),
            ));
        }
    }
    Ok(())
}
