//! Applications: POST validates and creates, PUT replaces the whole object, DELETE removes; a
//! system user's PUT updates only what is sent.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sso_desk_sandbox::sample::{READINESS_DEMO_APP_ID, USERS_WITHOUT_LASTNAME};

use crate::common::{assert_error, start};

#[tokio::test]
async fn put_replaces_the_whole_application() {
    let env = start().await;
    let path = format!("/api/applications/{READINESS_DEMO_APP_ID}");
    let stored = env.ok(&path).await;
    assert!(
        stored["description"].is_string(),
        "the seeded app has a description"
    );
    let mut body = stored.clone();
    let obj = body.as_object_mut().expect("object");
    obj.remove("description");
    obj.remove("config");
    obj.insert("displayLabel".into(), json!("Renamed (sample data)"));
    obj.insert("_id".into(), json!("000000000000000000000000"));
    obj.insert("organization".into(), json!("111111111111111111111111"));
    let (status, put) = env.send(Method::PUT, &path, Some(body)).await;
    assert_eq!(status, StatusCode::OK, "PUT succeeds: {put}");
    let after = env.ok(&path).await;
    assert_eq!(after, put, "PUT answers what is stored");
    assert!(
        after.get("description").is_none(),
        "a field not sent is gone: PUT replaces"
    );
    assert!(
        after.get("config").is_none(),
        "the attribute rows are gone with config"
    );
    assert_eq!(after["displayLabel"], "Renamed (sample data)");
    assert_eq!(after["_id"], stored["_id"], "the server keeps _id");
    assert_eq!(
        after["organization"], stored["organization"],
        "and organization"
    );
    assert_eq!(after["created"], stored["created"], "and created");
}

#[tokio::test]
async fn put_and_post_validate_like_jumpcloud() {
    let env = start().await;
    let path = format!("/api/applications/{READINESS_DEMO_APP_ID}");
    let (status, body) = env
        .send(Method::PUT, &path, Some(json!({"name": "slack"})))
        .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "displayLabel is required on PUT"
    );
    assert_error(&body, 400);
    let (status, body) = env
        .send(
            Method::POST,
            "/api/applications",
            Some(json!({"name": "no-such-connector", "displayLabel": "X"})),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "name must be a template: {body}"
    );
    assert_error(&body, 400);
    let (status, _) = env
        .send(
            Method::POST,
            "/api/applications",
            Some(json!({"name": "zoom", "displayLabel": "  "})),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "an empty displayLabel is refused"
    );
    let (status, _) = env
        .send(
            Method::POST,
            "/api/applications",
            Some(json!(["not", "an", "object"])),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = env
        .send(
            Method::PUT,
            "/api/applications/5f00000000020000000fffff",
            Some(json!({"name": "zoom", "displayLabel": "Z"})),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "PUT of an unknown id is a 404"
    );
}

#[tokio::test]
async fn post_creates_and_delete_removes() {
    let env = start().await;
    let before = env.ok("/api/applications").await["totalCount"]
        .as_u64()
        .unwrap_or(0);
    let new = json!({"name": "zoom", "displayLabel": "Zoom for Sales", "config": {"acsUrl": {"value": "https://zoom.example.com/acs"}}, "someFutureField": {"kept": 1}});
    let (status, created) = env.send(Method::POST, "/api/applications", Some(new)).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "POST answers the created application: {created}"
    );
    let id = created["_id"].as_str().expect("an _id").to_string();
    assert!(
        id.len() == 24 && id.bytes().all(|b| b.is_ascii_hexdigit()),
        "a 24-hex id, got {id}"
    );
    assert_eq!(
        created["someFutureField"],
        json!({"kept": 1}),
        "documents are stored as sent"
    );
    let after = env.ok("/api/applications").await["totalCount"]
        .as_u64()
        .unwrap_or(0);
    assert_eq!(after, before + 1);
    let (status, deleted) = env
        .send(Method::DELETE, &format!("/api/applications/{id}"), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        deleted["_id"],
        json!(id),
        "DELETE answers the removed application"
    );
    let (status, body) = env.get(&format!("/api/applications/{id}")).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "a deleted application is gone"
    );
    assert_error(&body, 404);
}

#[tokio::test]
async fn user_put_updates_only_the_fields_sent() {
    let env = start().await;
    let path = format!("/api/systemusers/{}", USERS_WITHOUT_LASTNAME[0]);
    let before = env.ok(&path).await;
    assert_eq!(
        before["lastname"], "",
        "the demo user starts without a lastname"
    );
    let (status, put) = env
        .send(Method::PUT, &path, Some(json!({"lastname": "Fixed"})))
        .await;
    assert_eq!(status, StatusCode::OK);
    let after = env.ok(&path).await;
    assert_eq!(after, put);
    assert_eq!(after["lastname"], "Fixed");
    let unchanged = |k: &str| after[k] == before[k];
    assert!(
        ["email", "firstname", "attributes", "department", "_id"]
            .iter()
            .all(|k| unchanged(k)),
        "other fields stay: {after}"
    );
    let n_before = before.as_object().map(|o| o.len());
    assert_eq!(
        after.as_object().map(|o| o.len()),
        n_before,
        "no field is dropped"
    );
    let _: Value = after;
}
