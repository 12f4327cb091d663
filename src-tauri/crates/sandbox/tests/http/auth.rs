//! x-api-key and x-org-id, answered as JumpCloud does.

use reqwest::StatusCode;
use serde_json::Value;
use sso_desk_sandbox::SAMPLE_ORG_ID;

use crate::common::{assert_error, start};

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
    assert_eq!(status, StatusCode::NOT_FOUND, "an unknown org is a 404");
    assert_error(&body, 404);
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
