//! x-api-key and x-org-id, answered as JumpCloud does; the key an embedded sandbox accepts.

use reqwest::StatusCode;
use serde_json::Value;
use sso_desk_sandbox::{SandboxOptions, DEFAULT_API_KEY, SAMPLE_ORG_ID};

use crate::common::{assert_error, start, Env};

async fn call(
    env: &crate::common::Env,
    path: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, Value) {
    let mut req = env.client.get(env.url(path));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let res = req.send().await.expect("request reaches the sandbox");
    let status = res.status();
    (status, res.json().await.expect("JSON body"))
}

#[tokio::test]
async fn key_and_org_rules() {
    let env = start().await;
    let key = env.sandbox.api_key().to_string();
    for path in ["/api/applications", "/api/v2/usergroups", "/sandbox/faults"] {
        let (status, body) = call(&env, path, &[]).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{path} without a key");
        assert_error(&body, 401);
        assert_eq!(body["status"], "Unauthorized");
        let (status, _) = call(&env, path, &[("x-api-key", "wrong")]).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{path} with a wrong key");
    }
    let (status, body) = call(
        &env,
        "/api/applications",
        &[("x-api-key", &key), ("x-org-id", "not-an-id")],
    )
    .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "a malformed org id is a 400"
    );
    assert_error(&body, 400);
    let (status, body) = call(
        &env,
        "/api/applications",
        &[
            ("x-api-key", &key),
            ("x-org-id", "0123456789abcdef01234567"),
        ],
    )
    .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "an organisation's own key naming another organisation is a 403"
    );
    assert_error(&body, 403);
    let (status, _) = call(
        &env,
        "/api/applications",
        &[("x-api-key", &key), ("x-org-id", SAMPLE_ORG_ID)],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "the sample org is accepted");
    let (status, _) = call(&env, "/api/applications", &[("x-api-key", &key)]).await;
    assert_eq!(status, StatusCode::OK, "x-org-id is optional");
}

#[tokio::test]
async fn the_default_key_is_random_per_start() {
    let (a, b) = (start().await, start().await);
    let (key_a, key_b) = (a.sandbox.api_key(), b.sandbox.api_key());
    assert_ne!(key_a, key_b, "each start draws its own key");
    for key in [key_a, key_b] {
        assert_ne!(
            key, DEFAULT_API_KEY,
            "the fixed public key is never the default"
        );
        assert!(
            key.len() == 64 && key.bytes().all(|c| c.is_ascii_hexdigit()),
            "32 random bytes as hex: {key}"
        );
    }
    let (status, _) = call(&a, "/api/applications", &[("x-api-key", DEFAULT_API_KEY)]).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "the documented key opens no embedded sandbox"
    );
    let (status, _) = call(&a, "/api/applications", &[("x-api-key", key_b)]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "another start's key");
    let (status, _) = call(&a, "/api/applications", &[("x-api-key", key_a)]).await;
    assert_eq!(status, StatusCode::OK, "the key the sandbox reports works");
}

#[tokio::test]
async fn a_fixed_key_works_when_given() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sandbox =
        sso_desk_sandbox::start(SandboxOptions::new(dir.path()).with_api_key("a-fixed-key"))
            .await
            .expect("sandbox starts");
    let env = Env {
        sandbox,
        client: crate::common::http_client(),
        dir,
    };
    assert_eq!(env.sandbox.api_key(), "a-fixed-key");
    let (status, _) = call(&env, "/api/applications", &[("x-api-key", "a-fixed-key")]).await;
    assert_eq!(status, StatusCode::OK, "the key passed in is accepted");
    let (status, _) = call(&env, "/api/applications", &[("x-api-key", DEFAULT_API_KEY)]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "and no other");

    let empty = sso_desk_sandbox::start(SandboxOptions::new(env.dir.path()).with_api_key("")).await;
    assert!(
        matches!(empty, Err(sso_desk_sandbox::SandboxError::Option(_))),
        "an empty key would accept a request that sends an empty header: {empty:?}"
    );
}
