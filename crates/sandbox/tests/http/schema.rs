//! Every response body of the endpoints SSO Desk uses matches JumpCloud's published schema.

use reqwest::Method;
use serde_json::{json, Value};
use sso_desk_sandbox::sample::{
    NESTED_GROUP_ID, READINESS_DEMO_APP_ID, READINESS_DEMO_GROUP_ID, USERS_WITHOUT_LASTNAME,
};

use crate::common::{start, validate, Api};

fn each(list: &Value, api: Api, def: &str) {
    let items = list.as_array().expect("a bare array");
    assert!(!items.is_empty(), "{def}: an empty list proves nothing");
    for item in items {
        validate(
            match api {
                Api::V1 => Api::V1,
                Api::V2 => Api::V2,
            },
            def,
            item,
        );
    }
}

#[tokio::test]
async fn v1_bodies_match_the_spec() {
    let env = start().await;
    for skip in (0..1000).step_by(100) {
        let page = env
            .ok(&format!("/api/application-templates?limit=100&skip={skip}"))
            .await;
        validate(Api::V1, "applicationtemplateslist", &page);
    }
    validate(
        Api::V1,
        "applicationtemplate",
        &env.ok("/api/application-templates/5f0000000001000000000001")
            .await,
    );
    validate(
        Api::V1,
        "applicationslist",
        &env.ok("/api/applications?limit=100").await,
    );
    let app = env
        .ok(&format!("/api/applications/{READINESS_DEMO_APP_ID}"))
        .await;
    validate(Api::V1, "application", &app);
    let (_, put) = env
        .send(
            Method::PUT,
            &format!("/api/applications/{READINESS_DEMO_APP_ID}"),
            Some(app),
        )
        .await;
    validate(Api::V1, "application", &put);
    let (_, created) = env
        .send(
            Method::POST,
            "/api/applications",
            Some(json!({"name": "zoom", "displayLabel": "Zoom 2", "ssoUrl": "", "config": {}})),
        )
        .await;
    validate(Api::V1, "application", &created);
    let (_, deleted) = env
        .send(
            Method::DELETE,
            &format!(
                "/api/applications/{}",
                created["_id"].as_str().unwrap_or("")
            ),
            None,
        )
        .await;
    validate(Api::V1, "application", &deleted);
    for skip in (0..500).step_by(100) {
        validate(
            Api::V1,
            "systemuserslist",
            &env.ok(&format!("/api/systemusers?limit=100&skip={skip}"))
                .await,
        );
    }
    let user_path = format!("/api/systemusers/{}", USERS_WITHOUT_LASTNAME[0]);
    validate(Api::V1, "systemuserreturn", &env.ok(&user_path).await);
    let (_, put) = env
        .send(Method::PUT, &user_path, Some(json!({"lastname": "Fixed"})))
        .await;
    validate(Api::V1, "systemuserreturn", &put);
    validate(
        Api::V1,
        "organizationslist",
        &env.ok("/api/organizations").await,
    );
}

#[tokio::test]
async fn v2_bodies_match_the_spec() {
    let env = start().await;
    each(
        &env.ok("/api/v2/usergroups?limit=100").await,
        Api::V2,
        "UserGroup",
    );
    validate(
        Api::V2,
        "UserGroup",
        &env.ok(&format!("/api/v2/usergroups/{READINESS_DEMO_GROUP_ID}"))
            .await,
    );
    let app = READINESS_DEMO_APP_ID;
    each(
        &env.ok(&format!(
            "/api/v2/applications/{app}/associations?targets=user_group"
        ))
        .await,
        Api::V2,
        "GraphConnection",
    );
    let direct = env
        .ok(&format!(
            "/api/v2/applications/{app}/associations?targets=user"
        ))
        .await;
    assert!(
        direct.as_array().is_some_and(|d| !d.is_empty()),
        "the demo app has users bound directly: {direct}"
    );
    each(&direct, Api::V2, "GraphConnection");
    each(
        &env.ok(&format!(
            "/api/v2/usergroups/{READINESS_DEMO_GROUP_ID}/associations?targets=application"
        ))
        .await,
        Api::V2,
        "GraphConnection",
    );
    each(
        &env.ok(&format!(
            "/api/v2/usergroups/{READINESS_DEMO_GROUP_ID}/members?limit=100"
        ))
        .await,
        Api::V2,
        "GraphConnection",
    );
    each(
        &env.ok(&format!(
            "/api/v2/usergroups/{NESTED_GROUP_ID}/applications"
        ))
        .await,
        Api::V2,
        "GraphObjectWithPaths",
    );
    each(
        &env.ok(&format!("/api/v2/applications/{app}/usergroups"))
            .await,
        Api::V2,
        "GraphObjectWithPaths",
    );
    each(
        &env.ok(&format!("/api/v2/applications/{app}/users?limit=100"))
            .await,
        Api::V2,
        "GraphObjectWithPaths",
    );
}

#[test]
fn the_validator_can_fail() {
    let bad = json!({"_id": "x", "color": "#123456", "sso": {"jit": "yes"}});
    let result = std::panic::catch_unwind(|| validate(Api::V1, "applicationtemplate", &bad));
    assert!(
        result.is_err(),
        "a wrong color and a string jit must not validate"
    );
}
