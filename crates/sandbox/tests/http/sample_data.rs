//! The facts about the sample organisation that the app, its tests and demos rely on.

use std::collections::BTreeSet;

use reqwest::StatusCode;
use serde_json::Value;
use sso_desk_sandbox::sample::*;
use sso_desk_sandbox::{sample_templates, Size, SAMPLE_ORG_ID, SAMPLE_ORG_NAME};

use crate::common::{ids, start};

#[tokio::test]
async fn catalog_facts() {
    let env = start().await;
    let zoom = env
        .ok(&format!("/api/application-templates/{ZOOM_TEMPLATE_ID}"))
        .await;
    assert_eq!(zoom["name"], ZOOM_TEMPLATE_NAME);
    assert_eq!(zoom["displayName"], "Zoom");
    assert_eq!(zoom["sso"]["jit"], true, "Zoom supports JIT");
    assert!(
        zoom["keywords"]
            .as_array()
            .expect("keywords")
            .iter()
            .any(|k| k == "video"),
        "Zoom has the keyword video"
    );
    assert_eq!(
        zoom["jit"]["attributes"]["email"], "email",
        "JIT maps SP names to JumpCloud properties"
    );
    let rows = zoom["config"]["databaseAttributes"]["value"]
        .as_array()
        .expect("JIT rows pre-filled");
    assert_eq!(
        rows.len(),
        zoom["jit"]["attributes"]
            .as_object()
            .map(|m| m.len())
            .unwrap_or(0),
        "one row per JIT attribute"
    );

    let custom = env
        .ok(&format!(
            "/api/application-templates/{CUSTOM_SAML_TEMPLATE_ID}"
        ))
        .await;
    assert_eq!(custom["name"], CUSTOM_SAML_TEMPLATE_NAME);
    assert_eq!(custom["displayName"], "SAML 2.0 connector");
    assert!(
        custom.get("jit").is_none(),
        "the custom connector has no JIT attributes"
    );

    for (filter, what) in [
        ("provision.type:$eq:scim_v2", "SCIM"),
        ("status:$eq:beta", "beta"),
        ("status:$eq:end_of_life", "end of life"),
    ] {
        let v = env
            .ok(&format!("/api/application-templates?filter={filter}"))
            .await;
        assert!(
            v["totalCount"].as_u64().unwrap_or(0) > 0,
            "some templates are {what}"
        );
    }
    let orgs = env.ok("/api/organizations").await;
    assert_eq!(orgs["results"][0]["_id"], SAMPLE_ORG_ID);
    assert_eq!(orgs["results"][0]["displayName"], SAMPLE_ORG_NAME);
    assert!(
        SAMPLE_ORG_NAME.contains("sample data"),
        "the org says it is sample data"
    );
}

#[tokio::test]
async fn readiness_demo_finds_the_users_without_lastname() {
    let env = start().await;
    let app = env
        .ok(&format!("/api/applications/{READINESS_DEMO_APP_ID}"))
        .await;
    assert_eq!(app["displayLabel"], READINESS_DEMO_APP_LABEL);
    assert_eq!(
        app["sso"]["jit"], true,
        "the readiness demo is a JIT application"
    );
    let template = env
        .ok("/api/application-templates?filter=name:$eq:slack")
        .await;
    assert_eq!(
        template["results"][0]["jit"]["attributes"]["lastName"], "lastname",
        "Slack's JIT needs lastname"
    );

    let mut reached = BTreeSet::new();
    loop {
        let page = env
            .ok(&format!(
                "/api/v2/applications/{READINESS_DEMO_APP_ID}/users?limit=100&skip={}",
                reached.len()
            ))
            .await;
        let n = page.as_array().map(Vec::len).unwrap_or(0);
        reached.extend(ids(&page));
        if n < 100 {
            break;
        }
    }
    let empty = env
        .ok("/api/systemusers?filter=lastname:$eq:&limit=100")
        .await;
    let without: BTreeSet<String> = ids(&empty).into_iter().collect();
    let expected: BTreeSet<String> = USERS_WITHOUT_LASTNAME
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(
        without, expected,
        "exactly the documented users lack a lastname"
    );
    assert!(
        expected.is_subset(&reached),
        "all of them are bound to the readiness demo app"
    );
}

#[tokio::test]
async fn sizes_and_determinism() {
    let env = start().await;
    let count = |v: &Value| v["totalCount"].as_u64().unwrap_or(0);
    assert_eq!(count(&env.ok("/api/systemusers?limit=1").await), 500);
    assert_eq!(
        count(&env.ok("/api/applications?limit=1").await),
        33,
        "30 ordinary applications and the 3 that show real-world shapes"
    );
    assert_eq!(
        env.ok("/api/v2/usergroups?limit=100")
            .await
            .as_array()
            .map(Vec::len),
        Some(20)
    );
    let a = sample_templates(5, Size::Demo);
    assert_eq!(
        a,
        sample_templates(5, Size::Demo),
        "the same seed gives the same catalog"
    );
    assert_ne!(
        a,
        sample_templates(6, Size::Demo),
        "another seed gives another catalog"
    );
    let names: BTreeSet<&str> = a.iter().filter_map(|t| t["name"].as_str()).collect();
    assert_eq!(names.len(), a.len(), "template names are unique");
    // The large catalog (10,000) is exercised by the benchmarks: building it here would dominate
    // the suite's run time in a debug build.
    let (status, _) = env
        .get("/api/application-templates/5f00000000010000000fffff")
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
