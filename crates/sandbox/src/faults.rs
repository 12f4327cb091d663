//! Injected faults, for reliability tests of clients: latency, 429 with `Retry-After`, 500/502/503,
//! a dropped connection, a truncated body; and faults that strike after a change is stored (a 500,
//! a dropped connection or a long delay once a POST or PUT is persisted), and a PUT of an
//! application whose stored copy differs from what was sent.
//!
//! Promises: the fate of the n-th `/api` request (counted from 0 since start or since the last
//! `POST /sandbox/faults`) depends only on the fault seed, the rate, the kinds and n, so a test
//! can replay a sequence; `/sandbox/*` and `/logos/*` requests are never faulted nor counted. A
//! fault drawn after commit acts only on a POST or PUT that succeeded (2xx), after its change is
//! persisted, so the client sees a failure although the change is stored; on any other request it
//! does nothing.
//! `normalise` acts only on `PUT /api/applications/{id}` and changes one field (see
//! [`normalise`]).

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::Response;
use axum::Router;
use hyper::body::{Frame, Incoming};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use tower::ServiceExt;

use crate::http::error_response;
use crate::prng::mix;
use crate::state::Shared;

/// Every kind a client can be tested against.
pub(crate) const KINDS: [&str; 10] = [
    "429",
    "500",
    "502",
    "503",
    "reset",
    "truncate",
    "commit-500",
    "commit-reset",
    "commit-delay",
    "normalise",
];

/// The kinds drawn when none are chosen: the transport faults, as before the kinds acting after
/// commit existed, so a seed replays the sequence it always did.
pub(crate) const DEFAULT_KINDS: [&str; 6] = ["429", "500", "502", "503", "reset", "truncate"];

/// How long `commit-delay` holds a stored change's response when no delay is chosen: longer than
/// a client's usual request timeout.
pub(crate) const DEFAULT_COMMIT_DELAY_MS: u64 = 5_000;

/// The largest body `normalise` reads, as axum's default limit for the routes.
const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// Application fields JumpCloud's spec defines (`#/definitions/application`); `normalise` may
/// drop any other top-level key.
const APPLICATION_FIELDS: [&str; 17] = [
    "_id",
    "active",
    "beta",
    "color",
    "config",
    "created",
    "databaseAttributes",
    "description",
    "displayLabel",
    "displayName",
    "learnMore",
    "logo",
    "name",
    "organization",
    "parentApp",
    "sso",
    "ssoUrl",
];

/// Refuses kinds the sandbox does not know, naming the ones it does.
pub(crate) fn check_kinds(kinds: &[String]) -> Result<(), String> {
    match kinds.iter().find(|k| !KINDS.contains(&k.as_str())) {
        Some(bad) => Err(format!(
            "unknown fault kind {bad:?}; known: {}",
            KINDS.join(", ")
        )),
        None => Ok(()),
    }
}

/// Seconds a 429 asks the client to wait.
const RETRY_AFTER_SECS: &str = "1";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct FaultConfig {
    pub(crate) rate: f64,
    pub(crate) latency_ms: u64,
    pub(crate) kinds: Vec<String>,
    pub(crate) seed: u64,
    /// How long `commit-delay` holds the response of a stored change.
    pub(crate) commit_delay_ms: u64,
}

/// What happens to one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fate {
    Pass,
    Status(u16),
    Reset,
    Truncate,
    /// The request is served (a POST or PUT is stored and persisted), then this happens instead of
    /// the response reaching the client in time.
    AfterCommit(AfterCommit),
    /// A PUT of an application is stored with one field changed.
    Normalise,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AfterCommit {
    Status(u16),
    Reset,
    Delay,
}

pub(crate) struct Faults {
    config: Mutex<FaultConfig>,
    counter: AtomicU64,
}

impl Faults {
    pub(crate) fn new(config: FaultConfig) -> Self {
        Self {
            config: Mutex::new(config),
            counter: AtomicU64::new(0),
        }
    }

    pub(crate) fn config(&self) -> FaultConfig {
        self.config
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub(crate) fn requests(&self) -> u64 {
        self.counter.load(Ordering::SeqCst)
    }

    /// Replaces the configuration and restarts the sequence at request 0.
    pub(crate) fn set(&self, config: FaultConfig) {
        let mut guard = self.config.lock().unwrap_or_else(|e| e.into_inner());
        *guard = config;
        self.counter.store(0, Ordering::SeqCst);
    }

    /// The next request's fate, with the settings it was drawn under.
    fn next(&self) -> (Fate, FaultConfig) {
        let config = self.config();
        let n = self.counter.fetch_add(1, Ordering::SeqCst);
        (fate(&config, n), config)
    }
}

/// The fate of request `n`: a pure function of the configuration and `n`.
pub(crate) fn fate(config: &FaultConfig, n: u64) -> Fate {
    if config.kinds.is_empty() || config.rate <= 0.0 {
        return Fate::Pass;
    }
    let h = mix(config.seed ^ mix(n.wrapping_add(0x5EED)));
    let roll = (h >> 11) as f64 / (1u64 << 53) as f64;
    if roll >= config.rate {
        return Fate::Pass;
    }
    match config.kinds[(mix(h) % config.kinds.len() as u64) as usize].as_str() {
        "reset" => Fate::Reset,
        "truncate" => Fate::Truncate,
        "commit-500" => Fate::AfterCommit(AfterCommit::Status(500)),
        "commit-reset" => Fate::AfterCommit(AfterCommit::Reset),
        "commit-delay" => Fate::AfterCommit(AfterCommit::Delay),
        "normalise" => Fate::Normalise,
        code => code.parse().map(Fate::Status).unwrap_or(Fate::Pass),
    }
}

/// Serves one request through the fault plan, then the routes.
pub(crate) async fn handle(
    shared: Arc<Shared>,
    router: Router,
    req: hyper::Request<Incoming>,
) -> Result<Response, std::io::Error> {
    let path = req.uri().path();
    let faultable = !path.starts_with("/sandbox/") && !path.starts_with("/logos/");
    let (fate, latency_ms, commit_delay_ms) = if faultable {
        let (fate, config) = shared.faults.next();
        (fate, config.latency_ms, config.commit_delay_ms)
    } else {
        (Fate::Pass, 0, 0)
    };
    if latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(latency_ms)).await;
    }
    let req = req.map(Body::new);
    match fate {
        // hyper closes the connection without writing anything when the service fails.
        Fate::Reset => Err(reset("injected reset")),
        Fate::Status(code) => Ok(status_response(code)),
        Fate::Pass => Ok(route(router, req).await),
        Fate::Truncate => {
            let res = route(router, req).await;
            let (mut parts, body) = res.into_parts();
            let bytes = axum::body::to_bytes(body, usize::MAX)
                .await
                .unwrap_or_default();
            // Declare the full length, send half: the client sees the connection end mid-body.
            parts.headers.insert(
                header::CONTENT_LENGTH,
                HeaderValue::from(bytes.len().max(2)),
            );
            let half = bytes.slice(..bytes.len() / 2);
            Ok(Response::from_parts(parts, Body::new(Unsized::new(half))))
        }
        Fate::AfterCommit(after) => {
            let mutation = req.method() == Method::POST || req.method() == Method::PUT;
            // The routes answer a mutation only once its file is written: from here it is stored.
            let res = route(router, req).await;
            if !mutation || !res.status().is_success() {
                return Ok(res);
            }
            match after {
                AfterCommit::Status(code) => Ok(status_response(code)),
                AfterCommit::Reset => Err(reset("injected reset after the change was stored")),
                AfterCommit::Delay => {
                    tokio::time::sleep(Duration::from_millis(commit_delay_ms)).await;
                    Ok(res)
                }
            }
        }
        Fate::Normalise if is_application_put(&req) => {
            let (mut parts, body) = req.into_parts();
            let Ok(bytes) = axum::body::to_bytes(body, BODY_LIMIT).await else {
                return Ok(error_response(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "the body is too large or was cut short",
                ));
            };
            let bytes = normalised(bytes);
            parts
                .headers
                .insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
            Ok(route(
                router,
                axum::http::Request::from_parts(parts, Body::from(bytes)),
            )
            .await)
        }
        Fate::Normalise => Ok(route(router, req).await),
    }
}

fn reset(what: &'static str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::ConnectionReset, what)
}

/// An error answer in JumpCloud's shape; a 429 carries `Retry-After`.
fn status_response(code: u16) -> Response {
    let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut res = error_response(status, status.canonical_reason().unwrap_or("Error"));
    if code == 429 {
        res.headers_mut().insert(
            header::RETRY_AFTER,
            HeaderValue::from_static(RETRY_AFTER_SECS),
        );
    }
    res
}

/// `PUT /api/applications/{id}`: the one replace of an application.
fn is_application_put(req: &axum::http::Request<Body>) -> bool {
    req.method() == Method::PUT
        && req
            .uri()
            .path()
            .strip_prefix("/api/applications/")
            .is_some_and(|id| !id.is_empty() && !id.contains('/'))
}

/// The body with one field normalised; a body that is not a JSON object is left for the route
/// to refuse.
fn normalised(body: Bytes) -> Bytes {
    match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Object(mut app)) => {
            normalise(&mut app);
            serde_json::to_vec(&app).map(Bytes::from).unwrap_or(body)
        }
        _ => body,
    }
}

/// Changes one field the way a server that tidies what it stores would, so that a client that
/// reads back finds a difference: the first string stored as a `value` anywhere in `config`
/// (document order, depth first) that is not already trimmed and lower case is trimmed and
/// lowercased; when there is none, the last top-level key JumpCloud's spec does not define is
/// dropped. Answers whether anything changed (a document with neither is stored as sent).
pub(crate) fn normalise(app: &mut Map<String, Value>) -> bool {
    if app.get_mut("config").is_some_and(tidy_first_value) {
        return true;
    }
    let unknown = app
        .keys()
        .rev()
        .find(|k| !APPLICATION_FIELDS.contains(&k.as_str()))
        .cloned();
    unknown.is_some_and(|k| app.shift_remove(&k).is_some())
}

fn tidy_first_value(v: &mut Value) -> bool {
    match v {
        Value::Object(map) => map.iter_mut().any(|(k, child)| match child {
            Value::String(s) if k == "value" => {
                let tidy = s.trim().to_lowercase();
                let changed = tidy != *s;
                *s = tidy;
                changed
            }
            other => tidy_first_value(other),
        }),
        Value::Array(items) => items.iter_mut().any(tidy_first_value),
        _ => false,
    }
}

/// A body that does not tell its size, so hyper trusts the declared `content-length`. It sends
/// its bytes, waits a moment so they reach the client, then ends short of the declared length,
/// and hyper closes the connection.
struct Unsized {
    data: Option<Bytes>,
    linger: Pin<Box<tokio::time::Sleep>>,
}

impl Unsized {
    fn new(data: Bytes) -> Self {
        Self {
            data: Some(data),
            linger: Box::pin(tokio::time::sleep(Duration::from_millis(20))),
        }
    }
}

impl hyper::body::Body for Unsized {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        if let Some(data) = self.data.take() {
            return Poll::Ready(Some(Ok(Frame::data(data))));
        }
        self.linger.as_mut().poll(cx).map(|()| None)
    }
}

async fn route(router: Router, req: axum::http::Request<Body>) -> Response {
    match router.oneshot(req).await {
        Ok(res) => res,
        Err(never) => match never {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fate_depends_only_on_config_and_n() {
        let c = FaultConfig {
            rate: 0.5,
            latency_ms: 0,
            kinds: KINDS.iter().map(|k| k.to_string()).collect(),
            seed: 7,
            commit_delay_ms: 0,
        };
        let a: Vec<Fate> = (0..50).map(|n| fate(&c, n)).collect();
        let b: Vec<Fate> = (0..50).map(|n| fate(&c, n)).collect();
        assert_eq!(a, b);
        let faulted = a.iter().filter(|f| **f != Fate::Pass).count();
        assert!(
            (10..=40).contains(&faulted),
            "rate 0.5 should fault about half of 50, got {faulted}"
        );
        let none = FaultConfig { rate: 0.0, ..c };
        assert!(
            (0..50).all(|n| fate(&none, n) == Fate::Pass),
            "rate 0 never faults"
        );
    }

    #[test]
    fn normalise_changes_one_config_value_or_drops_an_unknown_key() {
        let mut app = serde_json::json!({
            "name": "box",
            "config": {
                "acsUrl": {"label": "ACS URL", "value": "https://box.example.com/acs"},
                "spEntityId": {"label": "SP Entity ID", "value": "  HTTPS://Box.Example.com "},
                "idpEntityId": {"label": "IdP Entity ID", "value": "Also Mixed"},
            },
            "vendorExtra": 1,
        });
        let obj = app.as_object_mut().expect("object");
        assert!(normalise(obj));
        assert_eq!(
            obj["config"]["spEntityId"]["value"], "https://box.example.com",
            "the first untidy value is trimmed and lowercased"
        );
        assert_eq!(
            obj["config"]["idpEntityId"]["value"], "Also Mixed",
            "only one"
        );
        assert_eq!(
            obj["config"]["acsUrl"]["label"], "ACS URL",
            "labels are not values"
        );
        assert!(obj.contains_key("vendorExtra"), "one change per PUT");

        let mut tidy = serde_json::json!({"name": "box", "config": {"a": {"value": "x"}}, "vendorExtra": 1, "other": 2});
        let obj = tidy.as_object_mut().expect("object");
        assert!(normalise(obj));
        assert!(
            !obj.contains_key("other"),
            "the last unknown key is dropped"
        );
        assert!(obj.contains_key("vendorExtra") && obj.contains_key("name"));

        let mut plain = serde_json::json!({"name": "box", "config": {}});
        assert!(
            !normalise(plain.as_object_mut().expect("object")),
            "nothing to change"
        );
    }

    #[test]
    fn kinds_after_commit_are_drawn_only_when_chosen() {
        let c = FaultConfig {
            rate: 0.5,
            latency_ms: 0,
            kinds: DEFAULT_KINDS.iter().map(|k| k.to_string()).collect(),
            seed: 7,
            commit_delay_ms: 0,
        };
        assert!(
            (0..200).all(|n| !matches!(fate(&c, n), Fate::AfterCommit(_) | Fate::Normalise)),
            "faults after commit are drawn only when chosen"
        );
        let all = FaultConfig {
            kinds: KINDS.iter().map(|k| k.to_string()).collect(),
            ..c
        };
        let fates: Vec<Fate> = (0..400).map(|n| fate(&all, n)).collect();
        for want in [
            Fate::AfterCommit(AfterCommit::Status(500)),
            Fate::AfterCommit(AfterCommit::Reset),
            Fate::AfterCommit(AfterCommit::Delay),
            Fate::Normalise,
        ] {
            assert!(fates.contains(&want), "{want:?} is drawn when chosen");
        }
    }
}
