//! Injected faults follow the seed: the same settings replay the same sequence of outcomes.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::common::{start, Env};

/// What happened to one request, as a client sees it.
async fn outcome(env: &Env, client: &reqwest::Client) -> String {
    let res = client
        .get(env.url("/api/v2/usergroups?limit=3"))
        .header("x-api-key", env.sandbox.api_key())
        .send()
        .await;
    let res = match res {
        Ok(r) => r,
        Err(_) => return "reset".into(),
    };
    let status = res.status();
    let retry = res
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap_or("?").to_string());
    match res.bytes().await {
        Err(_) => "truncate".into(),
        Ok(_) if status == StatusCode::TOO_MANY_REQUESTS => {
            format!("429 retry-after={}", retry.unwrap_or_default())
        }
        Ok(b) if serde_json::from_slice::<serde_json::Value>(&b).is_err() => "truncate".into(),
        Ok(_) => status.as_u16().to_string(),
    }
}

async fn sequence(env: &Env, n: usize) -> Vec<String> {
    // No pooled connections: each request's fate is its own, not a dead socket's.
    let client = {
        crate::common::install_tls();
        reqwest::Client::builder()
    }
    .pool_max_idle_per_host(0)
    .build()
    .expect("client");
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        out.push(outcome(env, &client).await);
    }
    out
}

#[tokio::test]
async fn same_seed_same_outcomes() {
    let env = start().await;
    let settings = json!({"rate": 0.5, "latencyMs": 0, "kinds": ["429", "500", "502", "503", "reset", "truncate"], "seed": 7});
    let (status, _) = env
        .send(Method::POST, "/sandbox/faults", Some(settings.clone()))
        .await;
    assert_eq!(status, StatusCode::OK);
    let first = sequence(&env, 40).await;
    let (status, got) = env.send(Method::GET, "/sandbox/faults", None).await;
    assert_eq!(status, StatusCode::OK, "/sandbox is never faulted");
    assert_eq!(
        got["requests"], 40,
        "every /api request is counted, /sandbox ones are not"
    );
    env.send(Method::POST, "/sandbox/faults", Some(settings))
        .await;
    let second = sequence(&env, 40).await;
    assert_eq!(
        first, second,
        "the n-th request's fate depends only on seed and n"
    );
    for kind in ["reset", "truncate", "429 retry-after=1", "200"] {
        assert!(
            first.contains(&kind.to_string()),
            "{kind} should occur at rate 0.5 over 40 requests: {first:?}"
        );
    }
    env.send(Method::POST, "/sandbox/faults", Some(json!({"seed": 8})))
        .await;
    assert_ne!(
        sequence(&env, 40).await,
        first,
        "another seed gives another sequence"
    );
    env.send(Method::POST, "/sandbox/faults", Some(json!({"rate": 0.0})))
        .await;
    assert!(
        sequence(&env, 10).await.iter().all(|o| o == "200"),
        "rate 0 never faults"
    );
    let (status, _) = env
        .send(
            Method::POST,
            "/sandbox/faults",
            Some(json!({"kinds": ["teapot"]})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "unknown kinds are refused");
}

#[tokio::test]
async fn faults_set_at_start_apply() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut opts = sso_desk_sandbox::SandboxOptions::new(dir.path());
    opts.fault_rate = 1.0;
    opts.seed = 3;
    let sandbox = sso_desk_sandbox::start(opts).await.expect("start");
    let env = Env {
        sandbox,
        client: crate::common::http_client(),
        dir,
    };
    let outcomes = sequence(&env, 10).await;
    assert!(
        outcomes.iter().all(|o| o != "200"),
        "rate 1 faults every request: {outcomes:?}"
    );
    let (status, body) = env.get("/sandbox/faults").await;
    assert_eq!((status, body["rate"].as_f64()), (StatusCode::OK, Some(1.0)));
}
