//! Only requests addressed to a loopback name are served: a web page that makes its own name
//! resolve to 127.0.0.1 (DNS rebinding) gets a 403 and changes nothing.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::common::{assert_error, start, Env};

async fn with_host(env: &Env, method: Method, path: &str, host: &str) -> (StatusCode, Value) {
    let res = env
        .client
        .request(method, env.url(path))
        .header("host", host)
        .header("x-api-key", env.sandbox.api_key())
        .json(&json!({"name": "box", "displayLabel": "Rebound", "rate": 0.0}))
        .send()
        .await
        .expect("request reaches the sandbox");
    let status = res.status();
    (status, res.json().await.expect("JSON body"))
}

/// The status line of a hand-written request, for what reqwest will not send.
async fn raw(env: &Env, head: &str) -> String {
    let addr = env.sandbox.url().trim_start_matches("http://").to_string();
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let request = format!(
        "{head}\r\nx-api-key: {}\r\nconnection: close\r\n\r\n",
        env.sandbox.api_key()
    );
    stream.write_all(request.as_bytes()).await.expect("send");
    let mut response = String::new();
    stream
        .read_to_string(&mut response)
        .await
        .expect("response");
    response.lines().next().unwrap_or("").to_string()
}

#[tokio::test]
async fn loopback_names_are_served() {
    let env = start().await;
    let port = env
        .sandbox
        .url()
        .rsplit(':')
        .next()
        .expect("port")
        .to_string();
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
        "localhost".to_string(),
        "127.0.0.1".to_string(),
    ] {
        let (status, body) = with_host(&env, Method::GET, "/api/organizations", &host).await;
        assert_eq!(status, StatusCode::OK, "Host {host} is loopback: {body}");
    }
}

#[tokio::test]
async fn another_host_is_refused_and_changes_nothing() {
    let env = start().await;
    let before = env.ok("/api/applications?limit=0").await["totalCount"].clone();
    let faults_before = env.ok("/sandbox/faults").await;
    let port = env
        .sandbox
        .url()
        .rsplit(':')
        .next()
        .expect("port")
        .to_string();
    let evil = format!("evil.example:{port}");
    for (method, path) in [
        (Method::GET, "/api/organizations"),
        (Method::POST, "/api/applications"),
        (Method::POST, "/sandbox/faults"),
        (Method::POST, "/sandbox/reset"),
    ] {
        for host in ["evil.example", evil.as_str(), "127.0.0.1.evil.example"] {
            let (status, body) = with_host(&env, method.clone(), path, host).await;
            assert_eq!(
                status,
                StatusCode::FORBIDDEN,
                "{method} {path} with Host {host} must be refused: {body}"
            );
            assert_error(&body, 403);
        }
    }
    assert_eq!(
        env.ok("/api/applications?limit=0").await["totalCount"],
        before,
        "a refused POST creates nothing"
    );
    let faults_after = env.ok("/sandbox/faults").await;
    assert_eq!(
        faults_after["rate"], faults_before["rate"],
        "refused fault settings are not applied"
    );
    assert_eq!(
        faults_after["requests"],
        json!(faults_before["requests"].as_u64().unwrap_or(0) + 1),
        "refused requests are not counted in the fault sequence (only the one GET between)"
    );
}

#[tokio::test]
async fn a_missing_host_is_refused_on_http_1_1() {
    let env = start().await;
    let line = raw(&env, "GET /api/organizations HTTP/1.1").await;
    assert!(line.contains(" 403 "), "HTTP/1.1 requires Host: {line}");
    let line = raw(
        &env,
        "GET /api/organizations HTTP/1.1\r\nhost: evil.example",
    )
    .await;
    assert!(line.contains(" 403 "), "a foreign Host: {line}");
    let line = raw(
        &env,
        "GET http://evil.example/api/organizations HTTP/1.1\r\nhost: localhost",
    )
    .await;
    assert!(line.contains(" 403 "), "a foreign absolute URI: {line}");
    let line = raw(&env, "GET /api/organizations HTTP/1.1\r\nhost: localhost").await;
    assert!(line.contains(" 200 "), "a loopback Host: {line}");
}
