//! Changes survive a restart; reset re-seeds; a corrupt file stops the start and names itself.

use reqwest::{Method, StatusCode};
use serde_json::json;
use sso_desk_sandbox::sample::{READINESS_DEMO_APP_ID, USERS_WITHOUT_LASTNAME};
use sso_desk_sandbox::{SandboxError, SandboxOptions};

use crate::common::{start, start_in};

#[tokio::test]
async fn changes_survive_a_restart_and_reset_reseeds() {
    let env = start().await;
    let app_path = format!("/api/applications/{READINESS_DEMO_APP_ID}");
    let mut app = env.ok(&app_path).await;
    app["displayLabel"] = json!("Kept across restarts");
    let (status, _) = env.send(Method::PUT, &app_path, Some(app)).await;
    assert_eq!(status, StatusCode::OK);
    let (status, created) = env
        .send(
            Method::POST,
            "/api/applications",
            Some(json!({"name": "box", "displayLabel": "Box (new)"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let new_id = created["_id"].as_str().expect("id").to_string();
    let group = "5f0000000003000000000011";
    let (status, _) = env
        .send(
            Method::POST,
            &format!("/api/v2/applications/{new_id}/associations"),
            Some(json!({"op": "add", "type": "user_group", "id": group})),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);

    let crate::common::Env { sandbox, dir, .. } = env;
    sandbox.stop().await;
    let env = start_in(dir).await;
    assert_eq!(
        env.ok(&app_path).await["displayLabel"],
        "Kept across restarts",
        "a PUT survives a restart"
    );
    assert_eq!(
        env.ok(&format!("/api/applications/{new_id}")).await["displayLabel"],
        "Box (new)",
        "a POST survives"
    );
    let assoc = env
        .ok(&format!(
            "/api/v2/applications/{new_id}/associations?targets=user_group"
        ))
        .await;
    assert_eq!(assoc[0]["to"]["id"], group, "an association survives");

    env.sandbox.reset().await.expect("reset");
    assert_eq!(
        env.ok(&app_path).await["displayLabel"],
        "Slack (sample data)",
        "reset restores the sample data"
    );
    let (status, _) = env.get(&format!("/api/applications/{new_id}")).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "reset drops what was created"
    );
    let user = env
        .ok(&format!("/api/systemusers/{}", USERS_WITHOUT_LASTNAME[1]))
        .await;
    assert_eq!(user["lastname"], "");
}

#[tokio::test]
async fn a_corrupt_file_fails_the_start_and_is_left_alone() {
    let env = start().await;
    let crate::common::Env { sandbox, dir, .. } = env;
    sandbox.stop().await;
    let file = dir.path().join("applications.json");
    std::fs::write(&file, b"[{\"_id\": \"5f00").expect("write garbage");
    let err = sso_desk_sandbox::start(SandboxOptions::new(dir.path()))
        .await
        .expect_err("a corrupt data file must stop the start");
    assert!(
        matches!(err, SandboxError::Corrupt { .. }),
        "a corrupt-file error: {err:?}"
    );
    assert!(
        err.to_string().contains("applications.json"),
        "the error names the file: {err}"
    );
    assert_eq!(
        std::fs::read(&file).expect("read back"),
        b"[{\"_id\": \"5f00",
        "the file is never silently reset"
    );

    std::fs::remove_file(&file).expect("remove");
    let err = sso_desk_sandbox::start(SandboxOptions::new(dir.path()))
        .await
        .expect_err("a missing file stops the start");
    assert!(
        err.to_string().contains("applications.json"),
        "the error names the missing file: {err}"
    );
}

#[tokio::test]
async fn a_hand_edited_file_is_served_as_compact_json_with_each_key_once() {
    let env = start().await;
    let crate::common::Env { sandbox, dir, .. } = env;
    sandbox.stop().await;
    std::fs::write(
        dir.path().join("usergroups.json"),
        concat!(
            "[\n",
            r#"  {"id": "5f0000000003000000000000", "name": "Old", "name": "A \u0041\/B", "#,
            r#""size": 1.50, "n": -0, "e": 1E2, "big": 18446744073709551616},"#,
            "\n",
            r#"  {"id":"5f0000000003000000000001","name":"Plain"}"#,
            "\n]\n"
        ),
    )
    .expect("write the edited file");
    let env = start_in(dir).await;
    let first = r#"{"id":"5f0000000003000000000000","name":"A A/B","size":1.5,"n":-0.0,"e":100.0,"big":1.8446744073709552e+19}"#;
    let raw = |path: &'static str| {
        let req = env
            .client
            .get(env.url(path))
            .header("x-api-key", env.sandbox.api_key());
        async move {
            let res = req.send().await.expect("request reaches the sandbox");
            assert_eq!(res.status(), StatusCode::OK, "GET {path}");
            res.text().await.expect("body arrives")
        }
    };
    assert_eq!(
        raw("/api/v2/usergroups").await,
        format!(r#"[{first},{{"id":"5f0000000003000000000001","name":"Plain"}}]"#),
        "as the values read from the file serialise: compact, the last of a repeated key in the \
         first one's place, numbers and escapes as serde_json writes them"
    );
    assert_eq!(
        raw("/api/v2/usergroups/5f0000000003000000000000").await,
        first
    );
}
