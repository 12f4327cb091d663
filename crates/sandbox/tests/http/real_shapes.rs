//! The shapes real organisations hold, as the sandbox serves them: every `config` key of the spec
//! in every form, the seeded applications that show a vendor's NameID format and RelayState,
//! several ACS URLs and a certificate as base64 of its PEM; IdP metadata fetched without a key;
//! the private key served masked; a filter that does not yet see a just-created application.

use base64::Engine;
use reqwest::StatusCode;
use serde_json::{json, Value};
use sso_desk_sandbox::sample::{
    BASE64_CERT_APP_ID, BASE64_CERT_APP_LABEL, MULTI_ACS_APP_ID, MULTI_ACS_APP_LABEL,
    READINESS_DEMO_APP_ID, TENANT_APP_ID, TENANT_APP_LABEL, TENANT_APP_NAME_ID_FORMAT,
    TENANT_APP_RELAY_STATE,
};
use sso_desk_sandbox::{SandboxOptions, SAMPLE_ORG_ID};

use crate::common::{spec, start, Env};

async fn start_with(adjust: impl FnOnce(SandboxOptions) -> SandboxOptions) -> Env {
    let dir = tempfile::tempdir().expect("temp dir");
    let sandbox = sso_desk_sandbox::start(adjust(SandboxOptions::new(dir.path())))
        .await
        .expect("sandbox starts");
    Env {
        sandbox,
        client: crate::common::http_client(),
        dir,
    }
}

/// The base64 DER of a PEM certificate.
fn der_of(pem: &str) -> String {
    pem.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("-----"))
        .collect()
}

#[tokio::test]
async fn every_form_carries_every_config_key_of_the_spec() {
    let env = start().await;
    let v1 = spec("v1.json");
    let keys: Vec<String> = v1["definitions"]["application"]["properties"]["config"]["properties"]
        .as_object()
        .expect("the spec's application config")
        .keys()
        .cloned()
        .chain(["authClaimConfiguration".to_owned()])
        .collect();
    assert!(keys.len() >= 20, "{keys:?}");
    let templates = env.ok("/api/application-templates?limit=20").await;
    let apps = env.ok("/api/applications?limit=100").await;
    for doc in templates["results"]
        .as_array()
        .into_iter()
        .chain(apps["results"].as_array())
        .flatten()
    {
        let config = doc["config"].as_object().expect("a config");
        for key in &keys {
            assert!(
                config.contains_key(key),
                "{} lacks config.{key}",
                doc["displayLabel"]
            );
        }
        for choice in ["subjectField", "overrideNameIdFormat", "signatureAlgorithm"] {
            let options = config[choice]["options"].as_array().expect("options");
            assert!(
                options.iter().all(|o| o["text"].is_string() && o["value"].is_i64()),
                "{choice}: [{{text, value}}] with integer values, as the spec types them: {options:?}"
            );
        }
        let claims = &config["authClaimConfiguration"];
        assert!(
            claims.is_object() && claims.get("value").is_none(),
            "{claims}"
        );
    }
}

#[tokio::test]
async fn the_sample_organisation_holds_the_real_world_shapes() {
    let env = start().await;
    let tenant = env.ok(&format!("/api/applications/{TENANT_APP_ID}")).await;
    assert_eq!(tenant["displayLabel"], TENANT_APP_LABEL);
    assert_eq!(
        tenant["config"]["overrideNameIdFormat"]["value"],
        TENANT_APP_NAME_ID_FORMAT
    );
    let offered: Vec<&str> = tenant["config"]["overrideNameIdFormat"]["options"]
        .as_array()
        .expect("options")
        .iter()
        .filter_map(|o| o["text"].as_str())
        .collect();
    assert!(
        !offered.contains(&TENANT_APP_NAME_ID_FORMAT),
        "a value the connector does not offer: {offered:?}"
    );
    assert_eq!(
        tenant["config"]["defaultTargetUrl"]["value"],
        TENANT_APP_RELAY_STATE
    );

    let multi = env
        .ok(&format!("/api/applications/{MULTI_ACS_APP_ID}"))
        .await;
    assert_eq!(multi["displayLabel"], MULTI_ACS_APP_LABEL);
    assert_eq!(multi["name"], "custom-saml-app");
    let acs = multi["config"]["acsUrl"]["value"]
        .as_str()
        .expect("a string");
    let list: Vec<Value> = serde_json::from_str(acs).expect("a JSON list inside the string");
    assert_eq!(list.len(), 3);
    assert_eq!(
        list[1],
        json!({"index": "1", "isDefault": "true", "url": "https://eu.partners.example.com/saml/acs"})
    );

    let legacy = env
        .ok(&format!("/api/applications/{BASE64_CERT_APP_ID}"))
        .await;
    assert_eq!(legacy["displayLabel"], BASE64_CERT_APP_LABEL);
    let value = legacy["config"]["idpCertificate"]["value"]
        .as_str()
        .expect("a string");
    assert!(!value.contains("-----"), "not PEM");
    let pem = base64::engine::general_purpose::STANDARD
        .decode(value)
        .expect("base64");
    assert!(String::from_utf8(pem)
        .expect("text")
        .starts_with("-----BEGIN CERTIFICATE-----"));
}

/// `GET …/metadata.xml` with no `x-api-key` at all, as a service provider fetches it.
async fn metadata_without_key(env: &Env, app: &str) -> (StatusCode, String) {
    let res = env
        .client
        .get(env.url(&format!(
            "/api/organizations/{SAMPLE_ORG_ID}/applications/{app}/metadata.xml"
        )))
        .send()
        .await
        .expect("request");
    (res.status(), res.text().await.expect("body"))
}

#[tokio::test]
async fn the_idp_metadata_is_served_without_a_key() {
    let env = start().await;
    for id in [READINESS_DEMO_APP_ID, BASE64_CERT_APP_ID] {
        let app = env.ok(&format!("/api/applications/{id}")).await;
        let (status, xml) = metadata_without_key(&env, id).await;
        assert_eq!(status, StatusCode::OK, "{id}: {xml}");
        let value = app["config"]["idpCertificate"]["value"]
            .as_str()
            .expect("a certificate");
        let pem = if value.starts_with("-----") {
            value.to_owned()
        } else {
            String::from_utf8(
                base64::engine::general_purpose::STANDARD
                    .decode(value)
                    .expect("base64 of the PEM"),
            )
            .expect("text")
        };
        assert!(
            xml.contains(&format!(
                "<ds:X509Certificate>{}</ds:X509Certificate>",
                der_of(&pem)
            )),
            "{id}: the application's certificate, as base64 DER: {xml}"
        );
    }
    let (status, _) = metadata_without_key(&env, "5f00000000020000000fffff").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Everything else still needs the key.
    let status = env
        .client
        .get(env.url(&format!("/api/applications/{READINESS_DEMO_APP_ID}")))
        .send()
        .await
        .expect("request")
        .status();
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

fn key_of(app: &Value) -> &str {
    app["config"]["idpPrivateKey"]["value"]
        .as_str()
        .expect("a key value")
}

#[tokio::test]
async fn mask_private_key_masks_every_read_and_keeps_the_key() {
    let env = start_with(|o| SandboxOptions {
        mask_private_key: true,
        ..o
    })
    .await;
    let one = env
        .ok(&format!("/api/applications/{READINESS_DEMO_APP_ID}"))
        .await;
    assert_eq!(key_of(&one), "********");
    let list = env.ok("/api/applications?limit=100").await;
    for app in list["results"].as_array().expect("a list") {
        assert_eq!(key_of(app), "********", "{}", app["displayLabel"]);
    }
    assert_eq!(
        one["config"]["idpCertificate"]["value"],
        list["results"][0]["config"]["idpCertificate"]["value"],
        "nothing else changes"
    );
    let (_, settings) = env
        .send(
            reqwest::Method::POST,
            "/sandbox/faults",
            Some(json!({"maskPrivateKey": false})),
        )
        .await;
    assert_eq!(settings["maskPrivateKey"], false);
    let clear = env
        .ok(&format!("/api/applications/{READINESS_DEMO_APP_ID}"))
        .await;
    assert!(
        key_of(&clear).starts_with("-----BEGIN PRIVATE KEY-----"),
        "the stored key was kept"
    );
}

#[tokio::test]
async fn the_mask_key_fault_masks_the_reads_it_is_drawn_for() {
    let env = start().await;
    let path = format!("/api/applications/{READINESS_DEMO_APP_ID}");
    assert!(key_of(&env.ok(&path).await).starts_with("-----BEGIN"));
    env.send(
        reqwest::Method::POST,
        "/sandbox/faults",
        Some(json!({"rate": 1.0, "kinds": ["mask-key"], "seed": 3})),
    )
    .await;
    assert_eq!(key_of(&env.ok(&path).await), "********");
    let list = env.ok("/api/applications?limit=3").await;
    assert_eq!(key_of(&list["results"][0]), "********");
    let (status, _) = env.get("/api/application-templates?limit=1").await;
    assert_eq!(status, StatusCode::OK, "other reads are served as usual");
}

#[tokio::test]
async fn a_filter_does_not_see_an_application_created_within_the_lag() {
    let env = start_with(|o| SandboxOptions {
        filter_lag_ms: 400,
        ..o
    })
    .await;
    let body = json!({"name": "custom-saml-app", "displayLabel": "Lagging (test)",
        "config": {"acsUrl": {"value": "https://lag.example.com/acs"}}});
    let (status, created) = env
        .send(reqwest::Method::POST, "/api/applications", Some(body))
        .await;
    assert_eq!(status, StatusCode::OK, "{created}");
    let id = created["_id"].as_str().expect("an id").to_owned();
    let has = |v: &Value| {
        v["results"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|a| a["_id"] == id.as_str())
    };
    let filtered = "/api/applications?limit=100&filter=name:$eq:custom-saml-app";
    assert!(!has(&env.ok(filtered).await), "the filter lags behind");
    assert!(
        has(&env.ok("/api/applications?limit=100&skip=0").await),
        "an unfiltered list sees it"
    );
    assert_eq!(env.ok(&format!("/api/applications/{id}")).await["_id"], id);
    tokio::time::sleep(std::time::Duration::from_millis(450)).await;
    assert!(
        has(&env.ok(filtered).await),
        "once the lag has passed, the filter sees it"
    );
}
