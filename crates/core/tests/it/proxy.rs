//! A loopback proxy in front of a sandbox that plays one precise part in a write, where the
//! sandbox's random faults cannot: someone else's edit landing between a PUT and its answer (the
//! window in which a save does not know whether its write happened), or a server that keeps a
//! flag it was sent, or that changes what it is sent on its own. Everything else passes through unchanged.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::body::{to_bytes, Body};
use axum::http::{Request, StatusCode};
use axum::response::Response;
use serde_json::Value;

use crate::common::{http, raw_get, raw_put};

/// Someone else's edit of the application, applied to what the server holds.
pub type Edit = Arc<dyn Fn(&mut Value) + Send + Sync>;

/// What the proxy does to `PUT /api/applications/{id}`.
#[derive(Clone)]
pub enum OnPut {
    /// The first PUT is stored; then `edit` lands (a complete PUT by someone else); then the
    /// first PUT's answer is lost (a 500): the writer cannot know its write happened.
    AnswerLostThenEdited(Edit),
    /// The first PUT never reaches the server; `edit` lands; the writer gets a 503.
    LostThenEdited(Edit),
    /// Every PUT is stored with `active` as the server held it: the flag does not change.
    KeepActive,
    /// Every PUT is stored with `edit` applied to what was sent: the server changes something
    /// on its own during the write (such as issuing a new IdP certificate).
    Rewrite(Edit),
}

struct State {
    upstream: String,
    key: String,
    on_put: OnPut,
    puts: AtomicUsize,
}

/// Starts a proxy of the sandbox at `upstream` (with its `key`); returns its base URL.
pub async fn start(upstream: &str, key: &str, on_put: OnPut) -> String {
    let state = Arc::new(State {
        upstream: upstream.trim_end_matches('/').to_owned(),
        key: key.to_owned(),
        on_put,
        puts: AtomicUsize::new(0),
    });
    let app = axum::Router::new().fallback(move |req: Request<Body>| {
        let state = state.clone();
        async move { handle(&state, req).await }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let addr = listener.local_addr().expect("its address");
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}")
}

fn status(code: StatusCode) -> Response {
    Response::builder()
        .status(code)
        .header("content-type", "application/json")
        .body(Body::from(r#"{"message":"the proxy lost this answer"}"#))
        .expect("a response")
}

/// Someone else's complete PUT of application `path`.
async fn edit_elsewhere(state: &State, path: &str, edit: &Edit) {
    let id = path.rsplit('/').next().expect("an id");
    let mut current = raw_get(&state.upstream, &state.key, path).await;
    edit(&mut current);
    raw_put(&state.upstream, &state.key, id, &current).await;
}

async fn handle(state: &State, req: Request<Body>) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let target = format!(
        "{}{}",
        state.upstream,
        req.uri().path_and_query().map_or("/", |p| p.as_str())
    );
    let headers = req.headers().clone();
    let mut body = to_bytes(req.into_body(), usize::MAX)
        .await
        .expect("the request body")
        .to_vec();
    let is_put = method == axum::http::Method::PUT && path.starts_with("/api/applications/");
    let first_put = is_put && state.puts.fetch_add(1, Ordering::SeqCst) == 0;
    if is_put {
        match &state.on_put {
            OnPut::LostThenEdited(edit) if first_put => {
                edit_elsewhere(state, &path, edit).await;
                return status(StatusCode::SERVICE_UNAVAILABLE);
            }
            OnPut::KeepActive => {
                let held = raw_get(&state.upstream, &state.key, &path).await;
                let mut sent: Value = serde_json::from_slice(&body).expect("a JSON body");
                sent["active"] = held.get("active").cloned().unwrap_or(Value::Bool(true));
                body = serde_json::to_vec(&sent).expect("JSON");
            }
            OnPut::Rewrite(edit) => {
                let mut sent: Value = serde_json::from_slice(&body).expect("a JSON body");
                edit(&mut sent);
                body = serde_json::to_vec(&sent).expect("JSON");
            }
            _ => {}
        }
    }
    let mut forward = http().request(method, &target).body(body);
    for (name, value) in &headers {
        if name != "host" && name != "content-length" {
            forward = forward.header(name, value);
        }
    }
    let answer = forward.send().await.expect("the sandbox answers");
    let code = StatusCode::from_u16(answer.status().as_u16()).expect("a status");
    let bytes = answer.bytes().await.expect("the answer's body");
    if let OnPut::AnswerLostThenEdited(edit) = &state.on_put {
        if first_put && code.is_success() {
            edit_elsewhere(state, &path, edit).await;
            return status(StatusCode::INTERNAL_SERVER_ERROR);
        }
    }
    Response::builder()
        .status(code)
        .header("content-type", "application/json")
        .body(Body::from(bytes))
        .expect("a response")
}
