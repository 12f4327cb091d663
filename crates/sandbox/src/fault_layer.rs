//! Applying the fault plan ([`crate::faults`]) to each request before the routes see it: the
//! latency, the error answers, the dropped connections, the cut-off bodies and the faults that act
//! once a change is stored.
//!
//! Promises: `/sandbox/*` requests are never faulted nor counted; a fault drawn after commit acts
//! only on a POST or PUT that succeeded (2xx), after its change is persisted; `normalise` acts only
//! on `PUT /api/applications/{id}`.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::Response;
use axum::Router;
use hyper::body::{Frame, Incoming};
use serde_json::Value;
use tower::ServiceExt;

use crate::faults::{normalise, AfterCommit, Fate, Faults};
use crate::http::error_response;

/// The largest body `normalise` reads, as axum's default limit for the routes.
const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// Seconds a 429 asks the client to wait.
const RETRY_AFTER_SECS: &str = "1";

/// Serves one request through the fault plan, then the routes.
pub(crate) async fn handle(
    faults: Arc<Faults>,
    router: Router,
    req: hyper::Request<Incoming>,
) -> Result<Response, std::io::Error> {
    let path = req.uri().path();
    let faultable = !path.starts_with("/sandbox/") && !path.starts_with("/logos/");
    let (fate, latency_ms, commit_delay_ms, mask_all, metadata_status) = if faultable {
        let (fate, c) = faults.next();
        let keyed_metadata =
            path.ends_with("/metadata.xml") && req.headers().contains_key("x-api-key");
        let metadata_status = c.keyed_metadata_status.filter(|_| keyed_metadata);
        (
            fate,
            c.latency_ms,
            c.commit_delay_ms,
            c.mask_private_key,
            metadata_status,
        )
    } else {
        (Fate::Pass, 0, 0, false, None)
    };
    if latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(latency_ms)).await;
    }
    if let Some(code) = metadata_status {
        return Ok(status_response(code));
    }
    let req = req.map(Body::new);
    let mask = (mask_all || fate == Fate::MaskKey) && crate::masking::is_application_read(&req);
    // Every route below goes through here, so a masked read is masked whatever its fate.
    let serve = |router: Router, req| async move {
        let res = route(router, req).await;
        if mask {
            crate::masking::masked(res).await
        } else {
            res
        }
    };
    match fate {
        // hyper closes the connection without writing anything when the service fails.
        Fate::Reset => Err(reset("injected reset")),
        Fate::Status(code) => Ok(status_response(code)),
        Fate::Pass => Ok(serve(router, req).await),
        Fate::Truncate => {
            let res = serve(router, req).await;
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
            let res = serve(router, req).await;
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
            Ok(serve(
                router,
                axum::http::Request::from_parts(parts, Body::from(bytes)),
            )
            .await)
        }
        Fate::Normalise | Fate::MaskKey => Ok(serve(router, req).await),
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
