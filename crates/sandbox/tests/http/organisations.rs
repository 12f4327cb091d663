//! A provider's sandbox (`--orgs N`): the lists of organisations, `x-org-id` answered as JumpCloud
//! answers a multi-tenant key, and organisations that share nothing.

use std::collections::HashSet;

use reqwest::StatusCode;
use serde_json::Value;
use sso_desk_sandbox::{SandboxOptions, PROVIDER_ID, SAMPLE_ORG_ID};

use crate::common::{assert_error, http_client, Env};

async fn provider(orgs: usize) -> Env {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut opts = SandboxOptions::new(dir.path());
    opts.orgs = orgs;
    let sandbox = sso_desk_sandbox::start(opts)
        .await
        .expect("a provider's sandbox starts");
    Env {
        sandbox,
        client: http_client(),
        dir,
    }
}

async fn call(env: &Env, path: &str, org: Option<&str>) -> (StatusCode, Value) {
    let mut req = env
        .client
        .get(env.url(path))
        .header("x-api-key", env.sandbox.api_key());
    if let Some(org) = org {
        req = req.header("x-org-id", org);
    }
    let res = req.send().await.expect("request reaches the sandbox");
    let status = res.status();
    (status, res.json().await.expect("JSON body"))
}

#[tokio::test]
async fn a_provider_key_lists_its_organisations_and_must_name_one() {
    let env = provider(3).await;
    let orgs = env.sandbox.organisations();
    assert_eq!(orgs.len(), 3);
    assert_eq!(
        orgs[0].id, SAMPLE_ORG_ID,
        "the sample organisation comes first"
    );

    let (status, v1) = call(&env, "/api/organizations", None).await;
    assert_eq!(status, StatusCode::OK, "{v1}");
    assert_eq!(v1["totalCount"], 3);
    let listed: Vec<&str> = v1["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|o| o["_id"].as_str().expect("an _id"))
        .collect();
    assert_eq!(
        listed,
        orgs.iter().map(|o| o.id.as_str()).collect::<Vec<_>>()
    );
    assert!(v1["results"][1]["displayName"].is_string());

    let path = format!("/api/v2/providers/{PROVIDER_ID}/organizations?limit=2&skip=1");
    let (status, v2) = call(&env, &path, None).await;
    assert_eq!(status, StatusCode::OK, "{v2}");
    assert_eq!(v2["totalCount"], 3);
    assert_eq!(v2["results"].as_array().map(Vec::len), Some(2), "paged");
    assert_eq!(v2["results"][0]["id"], orgs[1].id.as_str());
    assert_eq!(v2["results"][0]["name"], orgs[1].name.as_str());
    let (status, _) = call(
        &env,
        "/api/v2/providers/0123456789abcdef01234567/organizations",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another provider");

    for path in [
        "/api/applications",
        "/api/v2/usergroups",
        "/api/systemusers",
    ] {
        let (status, body) = call(&env, path, None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{path} without x-org-id");
        assert_error(&body, 401);
    }
    let (status, body) = call(&env, "/api/applications", Some("nope")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "malformed x-org-id");
    assert_error(&body, 400);
    let (status, body) = call(&env, "/api/applications", Some("0123456789abcdef01234567")).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "an organisation of nobody");
    assert_error(&body, 404);
    let res = env
        .client
        .get(env.url("/api/applications"))
        .header("x-api-key", "wrong")
        .header("x-org-id", orgs[1].id.as_str())
        .send()
        .await
        .expect("request");
    assert_eq!(
        res.status(),
        StatusCode::UNAUTHORIZED,
        "the key comes first"
    );
}

#[tokio::test]
async fn organisations_share_no_documents() {
    let env = provider(3).await;
    let orgs = env.sandbox.organisations();
    let mut seen = HashSet::new();
    let mut counts = Vec::new();
    for org in &orgs {
        let (status, apps) = call(&env, "/api/applications?limit=100", Some(&org.id)).await;
        assert_eq!(status, StatusCode::OK, "{apps}");
        let results = apps["results"].as_array().expect("results");
        assert!(!results.is_empty(), "{} has applications", org.name);
        for app in results {
            assert_eq!(
                app["organization"],
                org.id.as_str(),
                "an application names its own organisation"
            );
            let id = app["_id"].as_str().expect("an id").to_string();
            assert!(seen.insert(id.clone()), "{id} is in two organisations");
        }
        counts.push(results.len());
        let first = results[0]["_id"].as_str().expect("an id");
        for other in orgs.iter().filter(|o| o.id != org.id) {
            let (status, _) =
                call(&env, &format!("/api/applications/{first}"), Some(&other.id)).await;
            assert_eq!(
                status,
                StatusCode::NOT_FOUND,
                "{}'s application is not {}'s",
                org.name,
                other.name
            );
        }
    }
    assert!(
        counts.iter().collect::<HashSet<_>>().len() > 1,
        "organisations are of varied size: {counts:?}"
    );
    // The catalog is JumpCloud's, the same for every organisation.
    let (_, a) = call(
        &env,
        "/api/application-templates?limit=1",
        Some(&orgs[0].id),
    )
    .await;
    let (_, b) = call(
        &env,
        "/api/application-templates?limit=1",
        Some(&orgs[2].id),
    )
    .await;
    assert_eq!(a["totalCount"], b["totalCount"]);
    assert!(
        env.dir
            .path()
            .join("orgs")
            .join(&orgs[2].id)
            .join("applications.json")
            .exists(),
        "each organisation keeps its own files"
    );
}

#[tokio::test]
async fn a_change_in_one_organisation_stays_there_and_survives_a_restart() {
    let env = provider(2).await;
    let orgs = env.sandbox.organisations();
    let (_, apps) = call(&env, "/api/applications?limit=1", Some(&orgs[1].id)).await;
    let mut app = apps["results"][0].clone();
    let id = app["_id"].as_str().expect("an id").to_string();
    app["displayLabel"] = "Renamed in the second organisation".into();
    let res = env
        .client
        .put(env.url(&format!("/api/applications/{id}")))
        .header("x-api-key", env.sandbox.api_key())
        .header("x-org-id", orgs[1].id.as_str())
        .json(&app)
        .send()
        .await
        .expect("PUT");
    assert_eq!(res.status(), StatusCode::OK);
    let Env {
        sandbox,
        dir,
        client,
    } = env;
    sandbox.stop().await;
    let mut opts = SandboxOptions::new(dir.path());
    opts.orgs = 2;
    let again = Env {
        sandbox: sso_desk_sandbox::start(opts).await.expect("restarts"),
        client,
        dir,
    };
    let (status, stored) = call(
        &again,
        &format!("/api/applications/{id}"),
        Some(&orgs[1].id),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(stored["displayLabel"], "Renamed in the second organisation");
}
