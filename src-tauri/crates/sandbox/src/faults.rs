//! Injected faults, for reliability tests of clients: latency, 429 with `Retry-After`, 500/502/503,
//! a dropped connection, a truncated body.
//!
//! Promises: the fate of the n-th `/api` request (counted from 0 since start or since the last
//! `POST /sandbox/faults`) depends only on the fault seed, the rate, the kinds and n, so a test
//! can replay a sequence; `/sandbox/*` requests are never faulted nor counted.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use axum::Router;
use hyper::body::{Frame, Incoming};
use serde::{Deserialize, Serialize};
use tower::ServiceExt;

use crate::http::error_response;
use crate::prng::mix;
use crate::state::Shared;

/// Every kind a client can be tested against.
pub(crate) const KINDS: [&str; 6] = ["429", "500", "502", "503", "reset", "truncate"];

/// Seconds a 429 asks the client to wait.
const RETRY_AFTER_SECS: &str = "1";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct FaultConfig {
    pub(crate) rate: f64,
    pub(crate) latency_ms: u64,
    pub(crate) kinds: Vec<String>,
    pub(crate) seed: u64,
}

/// What happens to one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fate {
    Pass,
    Status(u16),
    Reset,
    Truncate,
}

pub(crate) struct Faults {
    config: Mutex<FaultConfig>,
    counter: AtomicU64,
}

impl Faults {
    pub(crate) fn new(seed: u64, rate: f64, latency_ms: u64) -> Self {
        let kinds = KINDS.iter().map(|k| k.to_string()).collect();
        Self {
            config: Mutex::new(FaultConfig {
                rate,
                latency_ms,
                kinds,
                seed,
            }),
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

    /// The next request's fate and delay.
    fn next(&self) -> (Fate, u64) {
        let config = self.config();
        let n = self.counter.fetch_add(1, Ordering::SeqCst);
        (fate(&config, n), config.latency_ms)
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
        code => code.parse().map(Fate::Status).unwrap_or(Fate::Pass),
    }
}

/// Serves one request through the fault plan, then the routes.
pub(crate) async fn handle(
    shared: Arc<Shared>,
    router: Router,
    req: hyper::Request<Incoming>,
) -> Result<Response, std::io::Error> {
    let faultable = !req.uri().path().starts_with("/sandbox/");
    let (fate, latency_ms) = if faultable {
        shared.faults.next()
    } else {
        (Fate::Pass, 0)
    };
    if latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(latency_ms)).await;
    }
    match fate {
        // hyper closes the connection without writing anything when the service fails.
        Fate::Reset => Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "injected reset",
        )),
        Fate::Status(code) => {
            let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let mut res = error_response(status, status.canonical_reason().unwrap_or("Error"));
            if code == 429 {
                res.headers_mut().insert(
                    header::RETRY_AFTER,
                    HeaderValue::from_static(RETRY_AFTER_SECS),
                );
            }
            Ok(res)
        }
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

async fn route(router: Router, req: hyper::Request<Incoming>) -> Response {
    match router.oneshot(req.map(Body::new)).await {
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
}
