//! Serving the IdP private key masked, so a client's refusal to save over a copy without a usable
//! key can be tested. Whether JumpCloud's `GET /api/applications/{id}` returns
//! `config.idpPrivateKey.value` in clear is not publicly known (`wire-evidence.md`: unverified, and
//! dangerous if wrong): if it were masked, a full-object PUT of that copy would send no key and
//! JumpCloud would issue a new pair.
//!
//! Promises: with `SandboxOptions::mask_private_key` (`--mask-private-key`, `maskPrivateKey` in
//! `/sandbox/faults`) every read of applications (`GET /api/applications` and
//! `GET /api/applications/{id}`), and with the fault kind `mask-key` each read it is drawn for,
//! answers `config.idpPrivateKey.value` as [`MASKED_PRIVATE_KEY`] wherever the entry has a value.
//! The stored document keeps the key; nothing else in the answer changes.

use axum::body::Body;
use axum::http::{header, HeaderValue, Method};
use axum::response::Response;
use serde_json::Value;

/// The masked form: eight asterisks, as consoles commonly show a secret that is set.
pub(crate) const MASKED_PRIVATE_KEY: &str = "********";

/// Whether `req` reads applications: `GET /api/applications` or `GET /api/applications/{id}`.
pub(crate) fn is_application_read<B>(req: &axum::http::Request<B>) -> bool {
    if req.method() != Method::GET {
        return false;
    }
    match req.uri().path().strip_prefix("/api/applications") {
        Some("") | Some("/") => true,
        Some(rest) => rest
            .strip_prefix('/')
            .is_some_and(|id| !id.is_empty() && !id.contains('/')),
        None => false,
    }
}

fn mask(app: &mut Value) {
    if let Some(entry) = app
        .pointer_mut("/config/idpPrivateKey")
        .and_then(Value::as_object_mut)
    {
        if entry.contains_key("value") {
            entry.insert("value".into(), Value::String(MASKED_PRIVATE_KEY.into()));
        }
    }
}

/// `res` with every application's private key masked (a list's `results` or one application);
/// an error or a body that is not JSON is passed on as it is.
pub(crate) async fn masked(res: Response) -> Response {
    if !res.status().is_success() {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let Ok(mut doc) = serde_json::from_slice::<Value>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    match doc.get_mut("results").and_then(Value::as_array_mut) {
        Some(list) => list.iter_mut().for_each(mask),
        None => mask(&mut doc),
    }
    let out = serde_json::to_vec(&doc).unwrap_or_else(|_| bytes.to_vec());
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(out.len()));
    Response::from_parts(parts, Body::from(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_reads_of_applications_are_masked() {
        let req = |m: Method, p: &str| {
            axum::http::Request::builder()
                .method(m)
                .uri(p)
                .body(())
                .expect("a request")
        };
        assert!(is_application_read(&req(Method::GET, "/api/applications")));
        assert!(is_application_read(&req(
            Method::GET,
            "/api/applications?limit=5"
        )));
        assert!(is_application_read(&req(
            Method::GET,
            "/api/applications/5f"
        )));
        assert!(!is_application_read(&req(
            Method::PUT,
            "/api/applications/5f"
        )));
        assert!(!is_application_read(&req(
            Method::GET,
            "/api/application-templates"
        )));
        assert!(!is_application_read(&req(
            Method::GET,
            "/api/v2/applications/5f/users"
        )));
    }
}
