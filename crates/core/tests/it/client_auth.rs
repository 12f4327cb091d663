//! Credentials on the wire: API key headers, and service accounts (OAuth client credentials ->
//! bearer token, reused, refreshed before expiry or after a 401, fetched once for concurrent
//! requests). A small token server on loopback stands in for JumpCloud's OAuth endpoint.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;
use sso_desk_core::jumpcloud::{Client, ConnectionOptions, Credentials, Endpoint, RetryPolicy};
use sso_desk_core::secret::Secret;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const CLIENT_ID: &str = "sso-desk-test";
const CLIENT_SECRET: &str = "s3cret-value";
/// base64("sso-desk-test:s3cret-value")
const BASIC: &str = "Basic c3NvLWRlc2stdGVzdDpzM2NyZXQtdmFsdWU=";
const API_KEY: &str = "jc-api-key-0123456789";

/// What the API saw: x-org-id, user-agent, x-api-key.
type Seen = (Option<String>, Option<String>, Option<String>);

#[derive(Default)]
struct Stub {
    tokens_issued: AtomicU32,
    expires_in: AtomicU64,
    /// The only bearer token the API accepts right now.
    valid_token: Mutex<String>,
    seen: Mutex<Vec<Seen>>,
}

fn header(h: &HeaderMap, name: &str) -> Option<String> {
    h.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
}

async fn token(State(stub): State<Arc<Stub>>, headers: HeaderMap, body: String) -> Response {
    let form_ok = body
        .split('&')
        .any(|p| p == "grant_type=client_credentials")
        && body.split('&').any(|p| p == "scope=api");
    if header(&headers, "authorization").as_deref() != Some(BASIC) || !form_ok {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"error": "invalid_client"})),
        )
            .into_response();
    }
    // Let concurrent callers pile up, so a missing single-flight would show as extra tokens.
    tokio::time::sleep(Duration::from_millis(50)).await;
    let n = stub.tokens_issued.fetch_add(1, Ordering::SeqCst) + 1;
    let value = format!("token-{n}");
    *stub.valid_token.lock().expect("lock") = value.clone();
    Json(json!({
        "access_token": value,
        "token_type": "bearer",
        "expires_in": stub.expires_in.load(Ordering::SeqCst)
    }))
    .into_response()
}

async fn organizations(State(stub): State<Arc<Stub>>, headers: HeaderMap) -> Response {
    let valid = format!("Bearer {}", stub.valid_token.lock().expect("lock"));
    let by_token = header(&headers, "authorization").is_some_and(|a| a == valid);
    let by_key = header(&headers, "x-api-key").as_deref() == Some(API_KEY);
    stub.seen.lock().expect("lock").push((
        header(&headers, "x-org-id"),
        header(&headers, "user-agent"),
        header(&headers, "x-api-key"),
    ));
    if !(by_token || by_key) {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"code": 401, "message": "Unauthorized"})),
        )
            .into_response();
    }
    Json(json!({"results": [{"_id": "org-1", "displayName": "Example"}], "totalCount": 1}))
        .into_response()
}

async fn serve(expires_in: u64) -> (String, Arc<Stub>) {
    let stub = Arc::new(Stub::default());
    stub.expires_in.store(expires_in, Ordering::SeqCst);
    let app = Router::new()
        .route("/oauth2/token", post(token))
        .route("/api/organizations", get(organizations))
        .with_state(stub.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (url, stub)
}

fn options() -> ConnectionOptions {
    ConnectionOptions {
        retry: RetryPolicy {
            base_delay: Duration::from_millis(5),
            ..RetryPolicy::default()
        },
        ..ConnectionOptions::default()
    }
}

fn service_account(url: &str, secret: &str) -> Client {
    let creds = Credentials::ServiceAccount {
        client_id: CLIENT_ID.into(),
        client_secret: Secret::new(secret),
        org_id: None,
        token_url: Some(format!("{url}/oauth2/token")),
    };
    Client::new(&Endpoint::Custom(url.to_owned()), creds, options()).expect("client")
}

#[tokio::test]
async fn api_key_sends_key_org_id_and_user_agent() {
    let (url, stub) = serve(3600).await;
    let creds = Credentials::ApiKey {
        key: Secret::new(API_KEY),
        org_id: Some("org-1".into()),
    };
    let client = Client::new(&Endpoint::Custom(url), creds, options()).expect("client");
    let me = client.who_am_i().await.expect("a valid key is accepted");
    assert_eq!(me.organization.map(|o| o.id).as_deref(), Some("org-1"));
    assert_eq!(me.organization_count, 1);
    let seen = stub.seen.lock().expect("lock").clone();
    let (org, agent, key) = seen.last().cloned().expect("one request seen");
    assert_eq!(
        org.as_deref(),
        Some("org-1"),
        "x-org-id is sent for multi-tenant admins"
    );
    assert!(
        agent.is_some_and(|a| a.starts_with("SSO Desk/")),
        "the user agent names the app"
    );
    assert_eq!(key.as_deref(), Some(API_KEY));
}

#[tokio::test]
async fn a_wrong_api_key_is_unauthorized_and_never_echoed() {
    let (url, _stub) = serve(3600).await;
    let client = Client::new(
        &Endpoint::Custom(url),
        Credentials::api_key("wrong-key-987654"),
        options(),
    )
    .expect("client");
    let err = client
        .who_am_i()
        .await
        .expect_err("a wrong key is rejected");
    assert_eq!(err.code(), "unauthorized");
    let shown = format!("{err} {err:?} {client:?}");
    assert!(
        !shown.contains("wrong-key-987654"),
        "the key must not appear: {shown}"
    );
}

#[tokio::test]
async fn service_account_token_is_fetched_once_and_reused() {
    let (url, stub) = serve(3600).await;
    let client = service_account(&url, CLIENT_SECRET);
    let calls = (0..8).map(|_| client.who_am_i());
    for result in futures_util::future::join_all(calls).await {
        result.expect("the bearer token is accepted");
    }
    client.who_am_i().await.expect("still accepted");
    assert_eq!(
        stub.tokens_issued.load(Ordering::SeqCst),
        1,
        "concurrent requests share one token request, and later ones reuse the token"
    );
}

#[tokio::test]
async fn service_account_token_is_refreshed_when_it_expires() {
    let (url, stub) = serve(1).await;
    let client = service_account(&url, CLIENT_SECRET);
    client.who_am_i().await.expect("first token works");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    client
        .who_am_i()
        .await
        .expect("an expired token is replaced before use");
    assert_eq!(
        stub.tokens_issued.load(Ordering::SeqCst),
        2,
        "a second token was fetched"
    );
}

#[tokio::test]
async fn a_revoked_token_is_replaced_after_401() {
    let (url, stub) = serve(3600).await;
    let client = service_account(&url, CLIENT_SECRET);
    client.who_am_i().await.expect("first token works");
    *stub.valid_token.lock().expect("lock") = "revoked".into();
    client
        .who_am_i()
        .await
        .expect("the client fetches a fresh token after a 401");
    assert_eq!(stub.tokens_issued.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_wrong_client_secret_is_unauthorized_and_never_echoed() {
    let (url, _stub) = serve(3600).await;
    let client = service_account(&url, "not-the-secret-42");
    let err = client
        .who_am_i()
        .await
        .expect_err("a wrong secret is rejected");
    assert_eq!(err.code(), "unauthorized");
    assert!(
        !format!("{err} {err:?}").contains("not-the-secret-42"),
        "the secret must not appear"
    );
}

#[tokio::test]
async fn plain_http_to_a_network_host_is_refused_before_sending() {
    let err = Client::new(
        &Endpoint::Custom("http://console.jumpcloud.com".into()),
        Credentials::api_key(API_KEY),
        options(),
    )
    .expect_err("a key must not travel over plain http");
    assert_eq!(err.code(), "insecure_url");
    let token_err = Client::new(
        &Endpoint::Custom("http://127.0.0.1:1".into()),
        Credentials::ServiceAccount {
            client_id: CLIENT_ID.into(),
            client_secret: Secret::new(CLIENT_SECRET),
            org_id: None,
            token_url: Some("http://oauth.example.com/token".into()),
        },
        options(),
    )
    .expect_err("the client secret must not travel over plain http either");
    assert_eq!(token_err.code(), "insecure_url");
}
