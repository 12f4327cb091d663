//! The binary prints one line with its address and serves the catalog to a plain HTTP client.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use serde_json::Value;

/// Kills the child even when an assertion fails.
struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the binary with `args` and a fresh data directory; answers its address.
async fn spawn(args: &[&str]) -> (Child, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut child = Child(
        Command::new(env!("CARGO_BIN_EXE_sso-desk-sandbox"))
            .args(args)
            .arg("--data")
            .arg(dir.path())
            .stdout(Stdio::piped())
            .spawn()
            .expect("the binary starts"),
    );
    let stdout = child.0.stdout.take().expect("stdout");
    let line = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).map(|_| line)
    })
    .await
    .expect("reader")
    .expect("one line");
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .expect("the line names the address")
        .to_string();
    (child, url, dir)
}

#[tokio::test]
async fn prints_its_address_and_serves() {
    let (_child, url, _dir) = spawn(&["--port", "0", "--seed", "2", "--api-key", "test-key"]).await;
    assert!(url.starts_with("http://127.0.0.1:"), "loopback only: {url}");
    let client = crate::common::http_client();
    let page: Value = client
        .get(format!("{url}/api/application-templates?limit=5&skip=5"))
        .header("x-api-key", "test-key")
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("JSON");
    assert_eq!(
        page["results"].as_array().map(Vec::len),
        Some(5),
        "the catalog pages: {page}"
    );
    let status = client
        .get(format!("{url}/api/application-templates"))
        .header("x-api-key", sso_desk_sandbox::DEFAULT_API_KEY)
        .send()
        .await
        .expect("request")
        .status();
    assert_eq!(status, 401, "--api-key replaces the default key");
}

#[tokio::test]
async fn without_a_key_it_accepts_the_documented_one() {
    let (_child, url, _dir) = spawn(&["--port", "0"]).await;
    let status = crate::common::http_client()
        .get(format!("{url}/api/organizations"))
        .header("x-api-key", sso_desk_sandbox::DEFAULT_API_KEY)
        .send()
        .await
        .expect("request")
        .status();
    assert_eq!(
        status, 200,
        "the README's curl examples use DEFAULT_API_KEY against the binary"
    );
}

#[tokio::test]
async fn seed_odd_application_adds_the_odd_application() {
    let (_child, url, _dir) = spawn(&["--seed-odd-application", "--port", "0"]).await;
    let page: Value = crate::common::http_client()
        .get(format!("{url}/api/applications?limit=100"))
        .header("x-api-key", sso_desk_sandbox::DEFAULT_API_KEY)
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("JSON");
    let labels: Vec<&str> = page["results"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a["displayLabel"].as_str())
        .collect();
    assert!(
        labels.contains(&sso_desk_sandbox::sample::ODD_APPLICATION_LABEL),
        "the flag seeds the odd application: {labels:?}"
    );
}

#[tokio::test]
async fn mask_private_key_serves_the_key_masked() {
    let (_child, url, _dir) = spawn(&["--mask-private-key", "--port", "0"]).await;
    let app: Value = crate::common::http_client()
        .get(format!(
            "{url}/api/applications/{}",
            sso_desk_sandbox::sample::READINESS_DEMO_APP_ID
        ))
        .header("x-api-key", sso_desk_sandbox::DEFAULT_API_KEY)
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("JSON");
    assert_eq!(
        app["config"]["idpPrivateKey"]["value"], "********",
        "the flag masks the key: {}",
        app["config"]["idpPrivateKey"]
    );
}
