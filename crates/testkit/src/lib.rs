//! What SSO Desk's tests and benchmarks share (GitButler's `but-testsupport`): a sandbox in a
//! temporary folder, a client for it, raw HTTP around the client (to see what the server holds, or
//! to play someone editing in the console), a desk over a fresh profile on its own embedded
//! sandbox, a loopback server for a test's own routes, and the fault campaign.
//!
//! A dev-dependency only: no production crate depends on it, so nothing here ships. Every sandbox
//! a test starts draws its own random API key; the helpers read it back with
//! [`Sandbox::api_key`], never assume the standalone binary's default.
//!
//! A crate's own `#[cfg(test)]` unit tests can use only what here names none of that crate's
//! types (this kit links its own copy of the crate); tests that need a desk or a client live in
//! the crate's integration tests.

pub mod campaign;
pub mod wiped;

use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use sso_desk_core::connections::credentials::Keyring;
use sso_desk_core::desk::Desk;
use sso_desk_core::edits::json_diff::FieldConflict;
use sso_desk_core::edits::save::{save_application, SaveResult};
use sso_desk_core::jumpcloud::{Client, ConnectionOptions, Credentials, Endpoint, RetryPolicy};
use sso_desk_core::launch::SandboxLaunch;
use sso_desk_core::profile::Profile;
use sso_desk_core::secret::Secret;
use sso_desk_launch::EmbeddedSandbox;
use sso_desk_sandbox::{Sandbox, SandboxOptions, SAMPLE_ORG_ID};

/// A running sandbox and the folder its data lives in (removed when dropped).
pub struct Org {
    pub sandbox: Sandbox,
    _dir: tempfile::TempDir,
}

impl Org {
    pub fn url(&self) -> &str {
        self.sandbox.url()
    }

    pub fn key(&self) -> &str {
        self.sandbox.api_key()
    }

    /// A client with the default options.
    pub fn client(&self) -> Client {
        self.client_with(ConnectionOptions::default())
    }

    /// A client with quick retries, acting on the sample organisation (`x-org-id`).
    pub fn org_client(&self) -> Client {
        self.client_for(
            Credentials::ApiKey {
                key: Secret::new(self.key()),
                org_id: Some(SAMPLE_ORG_ID.into()),
            },
            quick_retries(),
        )
    }

    pub fn client_with(&self, options: ConnectionOptions) -> Client {
        self.client_for(Credentials::api_key(self.key().to_owned()), options)
    }

    pub fn client_for(&self, credentials: Credentials, options: ConnectionOptions) -> Client {
        client_for(self.url(), credentials, options)
    }

    /// See [`raw_get`].
    pub async fn get(&self, path: &str) -> Value {
        raw_get(self.url(), self.key(), path).await
    }

    /// See [`raw_put`].
    pub async fn put(&self, id: &str, body: &Value) {
        raw_put(self.url(), self.key(), id, body).await
    }

    /// See [`faults`].
    pub async fn faults(&self, rate: f64, kinds: &[&str], seed: u64) {
        faults(self.url(), self.key(), rate, kinds, seed).await
    }

    pub async fn stop(self) {
        self.sandbox.stop().await;
    }
}

/// Starts a sandbox with the default options (seeded demo organisation, random key).
pub async fn sandbox() -> Org {
    sandbox_with(|o| o).await
}

/// Starts a sandbox with its options adjusted by `adjust`.
pub async fn sandbox_with(adjust: impl FnOnce(SandboxOptions) -> SandboxOptions) -> Org {
    let dir = tempfile::tempdir().expect("temp dir");
    let sandbox = sso_desk_sandbox::start(adjust(SandboxOptions::new(dir.path())))
        .await
        .expect("sandbox starts");
    Org { sandbox, _dir: dir }
}

/// Default options with short retry delays.
pub fn quick_retries() -> ConnectionOptions {
    ConnectionOptions {
        retry: RetryPolicy {
            base_delay: Duration::from_millis(5),
            ..RetryPolicy::default()
        },
        ..ConnectionOptions::default()
    }
}

/// A client for the sandbox at `url` with `key`.
pub fn client(url: &str, key: &str) -> Client {
    client_for(
        url,
        Credentials::api_key(key.to_owned()),
        ConnectionOptions::default(),
    )
}

pub fn client_for(url: &str, credentials: Credentials, options: ConnectionOptions) -> Client {
    Client::new(&Endpoint::Custom(url.to_owned()), credentials, options)
        .expect("a client for the sandbox")
}

/// A plain HTTP client, for requests around the one under test. reqwest is built without a TLS
/// provider of its own: the core installs one first.
pub fn http() -> reqwest::Client {
    sso_desk_core::jumpcloud::install_tls();
    reqwest::Client::new()
}

/// A raw request with the key (and the sample organisation); a failure status panics.
pub async fn raw(
    url: &str,
    key: &str,
    method: reqwest::Method,
    path: &str,
    body: Option<&Value>,
) -> reqwest::Response {
    let mut request = http()
        .request(method, format!("{url}{path}"))
        .header("x-api-key", key)
        .header("x-org-id", SAMPLE_ORG_ID);
    if let Some(body) = body {
        request = request.json(body);
    }
    let response = request.send().await.expect("the sandbox answers");
    assert!(
        response.status().is_success(),
        "{path} answered {}",
        response.status()
    );
    response
}

/// What the server holds, read around the client: a raw GET with the key.
pub async fn raw_get(url: &str, key: &str, path: &str) -> Value {
    raw(url, key, reqwest::Method::GET, path, None)
        .await
        .json()
        .await
        .expect("a JSON body")
}

/// Someone else changing an application in the console: a raw PUT of a complete object.
pub async fn raw_put(url: &str, key: &str, id: &str, body: &Value) {
    raw(
        url,
        key,
        reqwest::Method::PUT,
        &format!("/api/applications/{id}"),
        Some(body),
    )
    .await;
}

/// Every item of a v1 list, page by page, read around the client.
pub async fn raw_list(url: &str, key: &str, path: &str) -> Vec<Value> {
    let mut all = Vec::new();
    loop {
        let page = raw_get(url, key, &format!("{path}?limit=100&skip={}", all.len())).await;
        let results = page["results"].as_array().cloned().unwrap_or_default();
        let done = results.len() < 100;
        all.extend(results);
        if done {
            return all;
        }
    }
}

/// Sets the sandbox's faults: `rate` of requests fail with one of `kinds`.
pub async fn faults(url: &str, key: &str, rate: f64, kinds: &[&str], seed: u64) {
    raw(
        url,
        key,
        reqwest::Method::POST,
        "/sandbox/faults",
        Some(&serde_json::json!({"rate": rate, "latencyMs": 0, "kinds": kinds, "seed": seed})),
    )
    .await;
}

/// Saves `edited` (the admin's copy of `base`) through the save-with-conflict flow, which must
/// store it as sent; returns what a read-back found.
pub async fn save_ok(client: &Client, base: &Value, edited: &Value) -> Value {
    match save_application(client, base, edited)
        .await
        .expect("the save runs")
    {
        SaveResult::Saved {
            stored,
            differences,
            ..
        } => {
            assert!(
                differences.is_empty(),
                "the sandbox stores what it is sent: {differences:#?}"
            );
            stored
        }
        SaveResult::Conflict { conflicts, .. } => {
            panic!("the save must not conflict: {conflicts:#?}")
        }
    }
}

/// Saves through the save-with-conflict flow, which must meet a conflict; returns the copy it
/// met and the conflicting fields.
pub async fn save_conflict(
    client: &Client,
    base: &Value,
    edited: &Value,
) -> (Value, Vec<FieldConflict>) {
    match save_application(client, base, edited)
        .await
        .expect("the save runs")
    {
        SaveResult::Conflict { theirs, conflicts } => (theirs, conflicts),
        SaveResult::Saved { stored, .. } => {
            panic!("the save must conflict, but it stored {stored:#}")
        }
    }
}

/// A keyring service name of this test and run alone, so runs and tests never see each other's
/// items. Building a [`Keyring`] touches nothing; only its calls do.
pub fn keyring_service(test: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!("dev.ssodesk.test.{test}.{}.{nanos}", std::process::id())
}

/// A keyring for a test that uses the real Secret Service. These tests need a D-Bus session with
/// an unlocked Secret Service, which `make test` (scripts/test.sh) provides; outside one they
/// fail and say so: a keyring test that passes without a keyring would prove nothing.
pub fn real_keyring(test: &str) -> Keyring {
    assert!(
        std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
        "the keyring tests need a D-Bus session with an unlocked Secret Service: run them through \
         `make test` (scripts/test.sh), or inside `dbus-run-session` with gnome-keyring unlocked \
         (see scripts/e2e-local.sh)"
    );
    Keyring::new(keyring_service(test))
}

/// A desk over the profile in `root`, on its own embedded sandbox (started on first use, its data
/// in the profile, as the app's), with the keyring `keyring`.
pub fn desk_in(root: &std::path::Path, keyring: Keyring) -> Desk {
    sso_desk_core::jumpcloud::install_tls();
    let profile = Profile::in_dir(root);
    let sandbox = EmbeddedSandbox::in_profile(&profile, &SandboxLaunch::default());
    Desk::new(profile, keyring, Arc::new(sandbox))
}

/// A desk over the profile in `root` with nothing saved, on its own embedded sandbox (not started)
/// and a keyring service of the test `name` alone (never called unless the test does).
pub fn test_desk(root: &std::path::Path, name: &str) -> Desk {
    desk_in(
        root,
        Keyring::new(format!("sso-desk-test-{name}-{}", std::process::id())),
    )
}

/// The sandbox of `desk`: its address and key, for editing around the desk as someone in the
/// console would. Starts it if it is not running yet.
pub async fn console_of(desk: &Desk) -> (String, String) {
    let sandbox = desk
        .session()
        .sandbox_address()
        .await
        .expect("the desk's sandbox starts");
    (sandbox.url, sandbox.api_key.expose().to_owned())
}

/// Serves `app` on a loopback port until the test ends; the base URL that reaches it. For a
/// test's own routes (a server that misbehaves in one precise way).
pub async fn serve(app: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let addr = listener.local_addr().expect("its address");
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}")
}

/// Every file under `dir` with its text, read while nothing is writing there: the app keeps
/// writing in the background (the history after a refresh, atomic writes whose temporary file is
/// renamed away), so a walk that meets a file gone before it could be read starts again.
pub fn every_file_at_rest(dir: &std::path::Path) -> Vec<(std::path::PathBuf, String)> {
    fn walk(
        dir: &std::path::Path,
        out: &mut Vec<(std::path::PathBuf, String)>,
    ) -> std::io::Result<()> {
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path.is_dir() {
                walk(&path, out)?;
            } else {
                out.push((
                    path.clone(),
                    String::from_utf8_lossy(&std::fs::read(&path)?).into(),
                ));
            }
        }
        Ok(())
    }
    for _ in 0..100 {
        let mut out = Vec::new();
        match walk(dir, &mut out) {
            Ok(()) => return out,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                std::thread::sleep(Duration::from_millis(50));
            }
            Err(err) => panic!("read {}: {err}", dir.display()),
        }
    }
    panic!("{} never stopped changing", dir.display())
}

/// How many `/api` requests the sandbox at `url` (key `key`) has answered since it started.
pub async fn sandbox_requests(url: &str, key: &str) -> u64 {
    raw_get(url, key, "/sandbox/faults").await["requests"]
        .as_u64()
        .expect("a request count")
}

/// Prints how long a load of `requests` requests took against the floor no client can beat with
/// the connection's limit of requests in flight and `latency_ms` per request (benchmarks).
pub fn report_against_floor(name: &str, requests: u64, seconds: f64, latency_ms: u64) {
    let limit = ConnectionOptions::default().page_concurrency;
    let floor = requests as f64 / limit as f64 * latency_ms as f64 / 1000.0;
    println!(
        "{name}: {requests} requests; floor = {requests} / {limit} x {latency_ms} ms = \
         {floor:.3} s; took {seconds:.3} s ({:.2}x the floor)",
        seconds / floor
    );
}
