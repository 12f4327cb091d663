//! Faults that strike after a change is stored: the client sees a failure (or a value it did not
//! send), yet a read afterwards shows the change, as with a server that fails after committing.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sso_desk_sandbox::sample::READINESS_DEMO_APP_ID;
use sso_desk_sandbox::SandboxOptions;

use crate::common::{assert_error, start, Env};

/// Every `/api` request draws `kind`; reads pass, since these kinds act only on changes.
async fn always(env: &Env, kind: &str, extra: Value) {
    let mut settings = json!({"rate": 1.0, "kinds": [kind], "seed": 1});
    if let (Some(s), Some(e)) = (settings.as_object_mut(), extra.as_object()) {
        s.extend(e.clone());
    }
    let (status, body) = env
        .send(Method::POST, "/sandbox/faults", Some(settings))
        .await;
    assert_eq!(status, StatusCode::OK, "fault settings accepted: {body}");
}

/// A client that opens a connection per request, so a dropped one does not taint the next.
fn fresh_client() -> reqwest::Client {
    crate::common::install_tls();
    reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .expect("client")
}

/// The applications labelled `label` (labels here have no spaces, for the filter).
async fn labelled(env: &Env, label: &str) -> Vec<Value> {
    let list = env
        .ok(&format!(
            "/api/applications?filter=displayLabel:$eq:{label}"
        ))
        .await;
    list["results"].as_array().cloned().unwrap_or_default()
}

fn app_path() -> String {
    format!("/api/applications/{READINESS_DEMO_APP_ID}")
}

/// The stored application with `displayLabel` set to `label`.
async fn relabelled(env: &Env, label: &str) -> Value {
    let mut app = env.ok(&app_path()).await;
    app["displayLabel"] = json!(label);
    app
}

fn on_disk(env: &Env) -> String {
    std::fs::read_to_string(env.dir.path().join("applications.json")).expect("data file")
}

#[tokio::test]
async fn a_500_after_a_create_or_update_is_stored() {
    let env = start().await;
    always(&env, "commit-500", json!({})).await;

    let (status, body) = env
        .send(
            Method::POST,
            "/api/applications",
            Some(json!({"name": "box", "displayLabel": "CreatedDespite500"})),
        )
        .await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{body}");
    assert_error(&body, 500);
    assert_eq!(
        labelled(&env, "CreatedDespite500").await.len(),
        1,
        "the POST is stored although the client saw a 500"
    );

    let app = relabelled(&env, "UpdatedDespite500").await;
    let (status, _) = env.send(Method::PUT, &app_path(), Some(app)).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        env.ok(&app_path()).await["displayLabel"],
        "UpdatedDespite500",
        "the PUT is stored although the client saw a 500"
    );
    let file = on_disk(&env);
    assert!(
        file.contains("CreatedDespite500") && file.contains("UpdatedDespite500"),
        "both are persisted before the 500"
    );

    let (status, body) = env
        .send(
            Method::POST,
            "/api/applications",
            Some(json!({"name": "box"})),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_u64()),
        (StatusCode::BAD_REQUEST, Some(400)),
        "a refused change stores nothing, so its own error passes through"
    );
}

#[tokio::test]
async fn a_reset_after_a_create_or_update_is_stored() {
    let env = start().await;
    always(&env, "commit-reset", json!({})).await;
    let client = fresh_client();

    let sent = client
        .post(env.url("/api/applications"))
        .header("x-api-key", env.sandbox.api_key())
        .json(&json!({"name": "box", "displayLabel": "CreatedDespiteReset"}))
        .send()
        .await;
    assert!(
        sent.is_err(),
        "the connection drops with no response: {sent:?}"
    );
    assert_eq!(
        labelled(&env, "CreatedDespiteReset").await.len(),
        1,
        "the POST is stored although the connection dropped"
    );

    let sent = client
        .put(env.url(&app_path()))
        .header("x-api-key", env.sandbox.api_key())
        .json(&relabelled(&env, "UpdatedDespiteReset").await)
        .send()
        .await;
    assert!(
        sent.is_err(),
        "the connection drops with no response: {sent:?}"
    );
    assert_eq!(
        env.ok(&app_path()).await["displayLabel"],
        "UpdatedDespiteReset",
        "the PUT is stored although the connection dropped"
    );
}

#[tokio::test]
async fn a_delay_after_an_update_outlasts_the_client_and_is_stored() {
    let env = start().await;
    always(&env, "commit-delay", json!({"commitDelayMs": 3000})).await;
    assert_eq!(env.ok("/sandbox/faults").await["commitDelayMs"], 3000);

    let sent = fresh_client()
        .put(env.url(&app_path()))
        .header("x-api-key", env.sandbox.api_key())
        .timeout(Duration::from_millis(500))
        .json(&relabelled(&env, "UpdatedDespiteTimeout").await)
        .send()
        .await;
    assert!(
        sent.as_ref().is_err_and(reqwest::Error::is_timeout),
        "the response comes after the client's timeout: {sent:?}"
    );
    assert_eq!(
        env.ok(&app_path()).await["displayLabel"],
        "UpdatedDespiteTimeout",
        "the PUT is stored before the delay"
    );

    let sent = fresh_client()
        .post(env.url("/api/applications"))
        .header("x-api-key", env.sandbox.api_key())
        .timeout(Duration::from_millis(500))
        .json(&json!({"name": "box", "displayLabel": "CreatedDespiteTimeout"}))
        .send()
        .await;
    assert!(sent.is_err(), "the POST times out too: {sent:?}");
    assert_eq!(labelled(&env, "CreatedDespiteTimeout").await.len(), 1);
}

#[tokio::test]
async fn normalise_stores_a_put_with_one_field_changed() {
    let env = start().await;
    always(&env, "normalise", json!({})).await;

    let mut app = env.ok(&app_path()).await;
    app["config"]["acsUrl"]["value"] = json!("  HTTPS://Slack.Example.COM/SAML/ACS ");
    let (status, answered) = env.send(Method::PUT, &app_path(), Some(app)).await;
    assert_eq!(status, StatusCode::OK);
    let tidy = "https://slack.example.com/saml/acs";
    assert_eq!(
        answered["config"]["acsUrl"]["value"], tidy,
        "the answer shows what was stored"
    );
    assert_eq!(
        env.ok(&app_path()).await["config"]["acsUrl"]["value"],
        tidy,
        "a read-back differs from what was sent"
    );

    // Nothing left to tidy in config: an unknown top-level key goes instead.
    let mut app = env.ok(&app_path()).await;
    app["vendorExtra"] = json!({"kept": "by a lossless client"});
    let mut config_tidy = app["config"].clone();
    strip_untidy(&mut config_tidy);
    app["config"] = config_tidy.clone();
    let (status, answered) = env.send(Method::PUT, &app_path(), Some(app)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(answered.get("vendorExtra").is_none(), "dropped: {answered}");
    let stored = env.ok(&app_path()).await;
    assert!(
        stored.get("vendorExtra").is_none(),
        "dropped from the store"
    );
    assert_eq!(stored["config"], config_tidy, "the rest is as sent");

    let (status, created) = env
        .send(
            Method::POST,
            "/api/applications",
            Some(json!({"name": "box", "displayLabel": "Box", "config": {"a": {"value": " X "}}})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        created["config"]["a"]["value"], " X ",
        "a POST is stored as sent"
    );
}

/// Makes every `value` string in `v` trimmed and lower case, so `normalise` finds none.
fn strip_untidy(v: &mut Value) {
    match v {
        Value::Object(map) => {
            for (k, child) in map.iter_mut() {
                match child {
                    Value::String(s) if k == "value" => *s = s.trim().to_lowercase(),
                    other => strip_untidy(other),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(strip_untidy),
        _ => {}
    }
}

#[tokio::test]
async fn faults_after_commit_can_be_chosen_at_start() {
    let dir = tempfile::tempdir().expect("temp dir");
    let opts = SandboxOptions {
        fault_rate: 1.0,
        fault_kinds: vec!["commit-500".into()],
        ..SandboxOptions::new(dir.path())
    };
    let env = Env {
        sandbox: sso_desk_sandbox::start(opts).await.expect("start"),
        client: crate::common::http_client(),
        dir,
    };
    let (status, _) = env
        .send(
            Method::POST,
            "/api/applications",
            Some(json!({"name": "box", "displayLabel": "ChosenAtStart"})),
        )
        .await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(labelled(&env, "ChosenAtStart").await.len(), 1);

    let bad = SandboxOptions {
        fault_kinds: vec!["teapot".into()],
        ..SandboxOptions::new(env.dir.path().join("other"))
    };
    assert!(
        matches!(
            sso_desk_sandbox::start(bad).await,
            Err(sso_desk_sandbox::SandboxError::Option(_))
        ),
        "an unknown kind stops the start"
    );
}
