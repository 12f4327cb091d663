//! The whole route table, and the sandbox's own endpoints under `/sandbox/` (never faulted):
//! fault settings, the expected assertion for a user (as JSON, or as a signed SAML response with
//! `format=saml`), and a reset of the sample data.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{middleware, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::faults::{check_kinds, FaultConfig};
use crate::http::{authenticate, error_response, ok_json, ApiError, ApiResult};
use crate::query::{pairs, param};
use crate::state::Shared;

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .merge(crate::routes_v1::routes())
        .merge(crate::routes_v2::routes())
        .route("/sandbox/faults", get(get_faults).post(set_faults))
        .route("/sandbox/assertion", get(assertion))
        .route("/sandbox/reset", post(reset))
        .fallback(|| async { error_response(StatusCode::NOT_FOUND, "Not Found") })
        .layer(middleware::from_fn_with_state(shared.clone(), authenticate))
        // After the key check's layer, so outside it: what the service provider fetches itself.
        .merge(crate::routes_v1::public_routes())
        // Logos are public images: added after the key check, so it does not apply to them.
        .merge(crate::logos::routes())
        .with_state(shared)
}

fn faults_body(shared: &Shared) -> Value {
    let mut v = json!(shared.faults.config());
    if let Some(o) = v.as_object_mut() {
        o.insert("requests".into(), json!(shared.faults.requests()));
    }
    v
}

async fn get_faults(State(shared): State<Arc<Shared>>) -> ApiResult {
    ok_json(faults_body(&shared))
}

/// Every field optional; what is not sent keeps its value. The sequence restarts at request 0.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct FaultPatch {
    rate: Option<f64>,
    latency_ms: Option<u64>,
    kinds: Option<Vec<String>>,
    seed: Option<u64>,
    commit_delay_ms: Option<u64>,
    mask_private_key: Option<bool>,
    filter_lag_ms: Option<u64>,
    /// `null` or absent keeps the current setting; 0 turns it off.
    keyed_metadata_status: Option<u16>,
    regenerate_certificate: Option<bool>,
}

async fn set_faults(State(shared): State<Arc<Shared>>, body: Bytes) -> ApiResult {
    let patch: FaultPatch = serde_json::from_slice(&body)
        .map_err(|e| ApiError::bad_request(format!("invalid fault settings: {e}")))?;
    let current = shared.faults.config();
    let next = FaultConfig {
        rate: patch.rate.unwrap_or(current.rate),
        latency_ms: patch.latency_ms.unwrap_or(current.latency_ms),
        kinds: patch.kinds.unwrap_or(current.kinds),
        seed: patch.seed.unwrap_or(current.seed),
        commit_delay_ms: patch.commit_delay_ms.unwrap_or(current.commit_delay_ms),
        mask_private_key: patch.mask_private_key.unwrap_or(current.mask_private_key),
        filter_lag_ms: patch.filter_lag_ms.unwrap_or(current.filter_lag_ms),
        keyed_metadata_status: match patch.keyed_metadata_status {
            Some(0) => None,
            Some(code) => Some(code),
            None => current.keyed_metadata_status,
        },
        regenerate_certificate: patch
            .regenerate_certificate
            .unwrap_or(current.regenerate_certificate),
    };
    if next
        .keyed_metadata_status
        .is_some_and(|c| ![401, 403, 404].contains(&c))
    {
        return Err(ApiError::bad_request(
            "keyedMetadataStatus must be 401, 403, 404 or 0 (off)",
        ));
    }
    if !(0.0..=1.0).contains(&next.rate) {
        return Err(ApiError::bad_request("rate must be within 0..=1"));
    }
    check_kinds(&next.kinds).map_err(ApiError::bad_request)?;
    shared.faults.set(next);
    ok_json(faults_body(&shared))
}

async fn assertion(State(shared): State<Arc<Shared>>, RawQuery(q): RawQuery) -> ApiResult {
    let pairs = pairs(q.as_deref());
    let app_id = param(&pairs, "application")
        .ok_or_else(|| ApiError::bad_request("application is required"))?;
    let user_id = param(&pairs, "user").ok_or_else(|| ApiError::bad_request("user is required"))?;
    let db = shared.read();
    let app = db
        .applications
        .value(app_id)
        .ok_or_else(|| ApiError::not_found("application", app_id))?;
    let user = db
        .users
        .value(user_id)
        .ok_or_else(|| ApiError::not_found("user", user_id))?;
    let groups: Vec<String> = db
        .graph
        .user_groups_reaching(app_id, user_id)
        .iter()
        .filter_map(|id| db.groups.value(id))
        .filter_map(|g| g.get("name").and_then(Value::as_str).map(str::to_owned))
        .collect();
    drop(db);
    match param(&pairs, "format") {
        None | Some("json") if param(&pairs, "variant").is_none() => ok_json(
            crate::assertion::assertion_with_groups(&app, &user, &groups),
        ),
        Some("saml") => saml_response(&app, &user, &groups, param(&pairs, "variant")),
        None | Some("json") => Err(ApiError::bad_request("variant needs format=saml")),
        Some(other) => Err(ApiError::bad_request(format!(
            "format must be json or saml, not {other}"
        ))),
    }
}

/// `{"samlResponse": base64}`: the signed response, as the HTTP-POST binding carries it.
fn saml_response(app: &Value, user: &Value, groups: &[String], variant: Option<&str>) -> ApiResult {
    use crate::saml_response::{base64, response_xml, Variant};
    let variant = Variant::parse(variant.unwrap_or("")).ok_or_else(|| {
        ApiError::bad_request(format!(
            "variant must be one of {}",
            Variant::NAMES.join(", ")
        ))
    })?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let xml = response_xml(app, user, groups, variant, now)
        .map_err(|e| ApiError::bad_request(e.to_string()))?;
    ok_json(json!({"samlResponse": base64(xml.as_bytes())}))
}

async fn reset(State(shared): State<Arc<Shared>>) -> ApiResult {
    shared
        .reset()
        .await
        .map_err(|e| ApiError::internal(e.to_string()))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
