//! Seeded objects look like real JumpCloud ones (wire-evidence.md): the top-level fields, the
//! attribute containers, real IdP certificates whose expiry `sso.idpCertExpirationAt` tells, the
//! IdP metadata document, the group attribute, bare custom-attribute names, the odd application.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sso_desk_sandbox::sample::{
    BASE64_CERT_APP_LABEL, ODD_APPLICATION_LABEL, READINESS_DEMO_APP_ID, USERS_WITHOUT_LASTNAME,
};
use sso_desk_sandbox::{SandboxOptions, SAMPLE_ORG_ID};

use crate::common::{start, start_in, Env};

async fn applications(env: &Env) -> Vec<Value> {
    let page = env.ok("/api/applications?limit=100").await;
    page["results"].as_array().expect("results").clone()
}

#[tokio::test]
async fn seeded_applications_carry_the_fields_real_ones_do() {
    let env = start().await;
    for app in applications(&env).await {
        let label = app["displayLabel"].clone();
        assert_eq!(app["_id"], app["id"], "{label}: `id` repeats `_id`");
        let name = app["name"].as_str().expect("name");
        assert!(
            !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{label}: name is a lowercase slug, got {name}"
        );
        assert_eq!(app["color"], Value::Null, "{label}: color is null");
        assert_eq!(app["databaseAttributes"], json!([]), "{label}");
        assert_eq!(app["organization"], SAMPLE_ORG_ID);
        for key in [
            "active",
            "beta",
            "displayName",
            "learnMore",
            "description",
            "created",
        ] {
            assert!(app.get(key).is_some(), "{label}: {key} is present");
        }
        assert!(app["logo"]["url"].is_string() && app["logo"]["color"].is_string());
        for key in [
            "jit",
            "beta",
            "type",
            "hidden",
            "idpCertExpirationAt",
            "idpCertificateUpdatedAt",
            "idpPrivateKeyUpdatedAt",
            "spCertificateUpdatedAt",
        ] {
            assert!(app["sso"].get(key).is_some(), "{label}: sso.{key}");
        }
        for list in ["constantAttributes", "databaseAttributes"] {
            let c = &app["config"][list];
            assert!(c["label"].is_string(), "{label}: {list}.label");
            assert_eq!(c["readOnly"], false);
            assert_eq!(
                c.get("toggle"),
                Some(&Value::Null),
                "{label}: {list}.toggle"
            );
            assert!(c["tooltip"].is_object(), "{label}: {list}.tooltip");
            assert!(c["type"].is_string());
            assert!(c["value"].is_array());
        }
        let entry = &app["config"]["acsUrl"];
        for key in [
            "label", "type", "required", "readOnly", "visible", "position", "toggle", "options",
        ] {
            assert!(entry.get(key).is_some(), "{label}: acsUrl.{key}");
        }
        let sso_url = app["ssoUrl"].as_str().expect("ssoUrl");
        assert!(sso_url.starts_with("https://sso.jumpcloud.com/saml2/"));
        assert_eq!(app["config"]["idpEntityId"]["value"], sso_url);
    }
    let slack = env
        .ok(&format!("/api/applications/{READINESS_DEMO_APP_ID}"))
        .await;
    assert_eq!(slack["name"], "slack");
    assert!(
        slack["parentApp"].is_string(),
        "a catalog app names its parent"
    );
    let template = env
        .ok("/api/application-templates/5f0000000001000000000001")
        .await;
    assert_eq!(template["_id"], template["id"]);
    assert_eq!(template["color"], Value::Null);
    assert_eq!(template["databaseAttributes"], json!([]));
    assert_eq!(
        template["config"]["databaseAttributes"]["toggle"],
        Value::Null
    );
}

#[tokio::test]
async fn custom_attribute_mappings_are_bare_names_and_resolve() {
    let env = start().await;
    let slack = env
        .ok(&format!("/api/applications/{READINESS_DEMO_APP_ID}"))
        .await;
    let rows = slack["config"]["databaseAttributes"]["value"]
        .as_array()
        .expect("rows");
    assert!(
        rows.iter().any(|r| r["value"] == "costCode"),
        "the cost code mapping is the bare name: {rows:?}"
    );
    assert!(rows
        .iter()
        .all(|r| !r["value"].as_str().unwrap_or("").starts_with("attributes.")));
    let user_id = USERS_WITHOUT_LASTNAME[0];
    let user = env.ok(&format!("/api/systemusers/{user_id}")).await;
    let cost = user["attributes"]
        .as_array()
        .and_then(|a| a.iter().find(|x| x["name"] == "costCode"))
        .map(|x| x["value"].clone())
        .expect("the user has a cost code");
    let a = env
        .ok(&format!(
            "/sandbox/assertion?application={READINESS_DEMO_APP_ID}&user={user_id}"
        ))
        .await;
    let statement = a["attributes"]
        .as_array()
        .and_then(|s| s.iter().find(|x| x["name"] == "costCode"))
        .cloned()
        .expect("a costCode statement");
    assert_eq!(statement["value"], cost);
    assert_eq!(statement["source"], "customAttribute");
}

/// The `notAfter` of a PEM certificate, as `YYYY-MM-DDTHH:MM:SS`.
fn not_after(pem: &str) -> String {
    let der = base64(&pem_body(pem));
    // Certificate SEQ > TBSCertificate SEQ > [0] version, serial, signature, issuer, validity.
    let (_, cert) = tlv(&der);
    let (_, mut tbs) = tlv(cert);
    let mut validity = &[][..];
    for _ in 0..5 {
        let (tag, content, rest) = tlv_rest(tbs);
        validity = content;
        tbs = rest;
        if tag == 0x30 && validity.first().is_some_and(|t| *t == 0x17 || *t == 0x18) {
            break;
        }
    }
    let (_, _, rest) = tlv_rest(validity);
    let (tag, time, _) = tlv_rest(rest);
    let text = std::str::from_utf8(time).expect("ASCII time");
    let full = if tag == 0x17 {
        format!("20{text}")
    } else {
        text.to_string()
    };
    format!(
        "{}-{}-{}T{}:{}:{}",
        &full[0..4],
        &full[4..6],
        &full[6..8],
        &full[8..10],
        &full[10..12],
        &full[12..14]
    )
}

fn tlv(bytes: &[u8]) -> (u8, &[u8]) {
    let (tag, content, _) = tlv_rest(bytes);
    (tag, content)
}

fn tlv_rest(bytes: &[u8]) -> (u8, &[u8], &[u8]) {
    let tag = bytes[0];
    let (len, start) = if bytes[1] < 0x80 {
        (bytes[1] as usize, 2)
    } else {
        let n = (bytes[1] & 0x7f) as usize;
        let len = bytes[2..2 + n]
            .iter()
            .fold(0usize, |acc, b| (acc << 8) | *b as usize);
        (len, 2 + n)
    };
    (tag, &bytes[start..start + len], &bytes[start + len..])
}

fn pem_body(pem: &str) -> String {
    pem.lines()
        .filter(|l| !l.starts_with("-----"))
        .map(str::trim)
        .collect()
}

fn base64(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes().filter(|c| *c != b'=') {
        let v = ALPHABET.iter().position(|a| *a == c).expect("base64") as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

/// Days since the epoch of an ISO 8601 date (its first 10 characters).
fn days(iso: &str) -> i64 {
    let y: i64 = iso[0..4].parse().expect("year");
    let m: i64 = iso[5..7].parse().expect("month");
    let d: i64 = iso[8..10].parse().expect("day");
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[tokio::test]
async fn every_application_has_a_certificate_whose_expiry_sso_reports() {
    let env = start().await;
    let today = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64
        / 86_400;
    let mut buckets = [0usize; 5];
    for app in applications(&env).await {
        let label = app["displayLabel"].clone();
        let value = app["config"]["idpCertificate"]["value"]
            .as_str()
            .expect("certificate");
        // One application holds it as base64 of the PEM text, as some real objects do.
        let decoded;
        let cert = if label == BASE64_CERT_APP_LABEL {
            decoded = String::from_utf8(base64(value)).expect("base64 of PEM text");
            decoded.as_str()
        } else {
            value
        };
        assert!(cert.starts_with("-----BEGIN CERTIFICATE-----"), "{label}");
        let key = app["config"]["idpPrivateKey"]["value"]
            .as_str()
            .expect("key");
        assert!(key.starts_with("-----BEGIN PRIVATE KEY-----"), "{label}");
        let expires = app["sso"]["idpCertExpirationAt"].as_str().expect("expiry");
        assert_eq!(
            not_after(cert),
            expires[..19],
            "{label}: idpCertExpirationAt is the certificate's notAfter"
        );
        let left = days(expires) - today;
        let bucket = match left {
            i64::MIN..=-1 => 0,
            0..=7 => 1,
            8..=30 => 2,
            31..=60 => 3,
            _ => 4,
        };
        buckets[bucket] += 1;
    }
    assert!(
        buckets.iter().all(|n| *n > 0),
        "expired, within 7, 30 and 60 days, and fine all occur: {buckets:?}"
    );
}

#[tokio::test]
async fn certificates_are_stored_not_regenerated_on_restart() {
    let env = start().await;
    let path = format!("/api/applications/{READINESS_DEMO_APP_ID}");
    let before = env.ok(&path).await;
    let Env { sandbox, dir, .. } = env;
    sandbox.stop().await;
    let env = start_in(dir).await;
    let after = env.ok(&path).await;
    assert_eq!(
        after["config"]["idpCertificate"],
        before["config"]["idpCertificate"]
    );
    assert_eq!(
        after["config"]["idpPrivateKey"],
        before["config"]["idpPrivateKey"]
    );
    assert_eq!(after["sso"], before["sso"]);
}

#[tokio::test]
async fn a_created_application_gets_a_certificate() {
    let env = start().await;
    let (status, created) = env
        .send(
            Method::POST,
            "/api/applications",
            Some(json!({"name": "zoom", "displayLabel": "Zoom (new)", "ssoUrl": "", "config": {}})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(created["_id"], created["id"]);
    let cert = created["config"]["idpCertificate"]["value"]
        .as_str()
        .expect("a certificate is made on activation");
    let expires = created["sso"]["idpCertExpirationAt"]
        .as_str()
        .expect("expiry");
    assert_eq!(not_after(cert), expires[..19]);
    // Five years from creation, on the same calendar date (a real pair: 2021-10-29 to 2026-10-29).
    let issued = created["sso"]["idpCertificateUpdatedAt"]
        .as_str()
        .expect("issued");
    let created_at = created["created"].as_str().expect("created");
    assert_eq!(issued[..10], created_at[..10], "issued when created");
    let year = |iso: &str| iso[..4].parse::<i64>().expect("year");
    assert_eq!(year(expires), year(issued) + 5, "{issued} to {expires}");
    if &issued[5..10] != "02-29" {
        assert_eq!(expires[5..10], issued[5..10], "{issued} to {expires}");
    }
}

#[tokio::test]
async fn idp_metadata_is_saml_and_carries_the_applications_certificate() {
    let env = start().await;
    let app = env
        .ok(&format!("/api/applications/{READINESS_DEMO_APP_ID}"))
        .await;
    let path = format!(
        "/api/organizations/{SAMPLE_ORG_ID}/applications/{READINESS_DEMO_APP_ID}/metadata.xml"
    );
    let res = env
        .client
        .get(env.url(&path))
        .header("x-api-key", env.sandbox.api_key())
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), StatusCode::OK);
    let kind = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    assert!(kind.contains("xml"), "an XML content type, got {kind}");
    let text = res.text().await.expect("body");
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    const MD: &str = "urn:oasis:names:tc:SAML:2.0:metadata";
    const DS: &str = "http://www.w3.org/2000/09/xmldsig#";
    let root = doc.root_element();
    assert!(root.has_tag_name((MD, "EntityDescriptor")));
    assert_eq!(
        root.attribute("entityID"),
        app["config"]["idpEntityId"]["value"].as_str()
    );
    let idp = root
        .children()
        .find(|n| n.has_tag_name((MD, "IDPSSODescriptor")))
        .expect("an IDPSSODescriptor");
    let key = idp
        .children()
        .find(|n| n.has_tag_name((MD, "KeyDescriptor")))
        .expect("a KeyDescriptor");
    assert_eq!(key.attribute("use"), Some("signing"));
    let cert = key
        .descendants()
        .find(|n| n.has_tag_name((DS, "X509Certificate")))
        .and_then(|n| n.text())
        .expect("an X509Certificate");
    assert_eq!(
        cert.trim(),
        pem_body(
            app["config"]["idpCertificate"]["value"]
                .as_str()
                .expect("pem")
        ),
        "the metadata's certificate is the application's"
    );
    let services: Vec<(&str, &str)> = idp
        .children()
        .filter(|n| n.has_tag_name((MD, "SingleSignOnService")))
        .map(|n| {
            (
                n.attribute("Binding").unwrap_or(""),
                n.attribute("Location").unwrap_or(""),
            )
        })
        .collect();
    let sso_url = app["ssoUrl"].as_str().expect("ssoUrl");
    assert_eq!(
        services,
        vec![
            (
                "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect",
                sso_url
            ),
            ("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST", sso_url),
        ]
    );
    assert!(idp.children().any(|n| n.has_tag_name((MD, "NameIDFormat"))));

    let (status, _) = env
        .get(&format!(
            "/api/organizations/{SAMPLE_ORG_ID}/applications/5f00000000020000000fffff/metadata.xml"
        ))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "an unknown application");
    let (status, _) = env
        .get(&format!(
            "/api/organizations/5f00000000000000000000bb/applications/{READINESS_DEMO_APP_ID}/metadata.xml"
        ))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another organisation");
}

#[tokio::test]
async fn the_group_attribute_names_the_groups_that_reach_the_application() {
    let env = start().await;
    let path = format!("/api/applications/{READINESS_DEMO_APP_ID}");
    let mut app = env.ok(&path).await;
    let statement = |a: &Value| {
        a["attributes"]
            .as_array()
            .and_then(|s| s.iter().find(|x| x["name"] == "memberOf"))
            .cloned()
    };
    let assertion =
        |user: &str| format!("/sandbox/assertion?application={READINESS_DEMO_APP_ID}&user={user}");
    assert_eq!(
        statement(&env.ok(&assertion(USERS_WITHOUT_LASTNAME[0])).await),
        None,
        "no group attribute while includeGroups is off"
    );
    app["config"]["includeGroups"]["value"] = json!(true);
    app["config"]["groupsAttributeName"]["value"] = json!("memberOf");
    let (status, _) = env.send(Method::PUT, &path, Some(app)).await;
    assert_eq!(status, StatusCode::OK);

    for user in [USERS_WITHOUT_LASTNAME[0], USERS_WITHOUT_LASTNAME[3]] {
        let got = statement(&env.ok(&assertion(user)).await).expect("a memberOf statement");
        assert_eq!(got["source"], "group");
        let want = groups_on_paths(&env, user).await;
        assert!(
            want.contains(&"Slack Workspace (sample data)".to_string()),
            "every group path to Slack starts at its bound group: {want:?}"
        );
        assert_eq!(got["value"], json!(want), "user {user}");
    }
    let nested = statement(&env.ok(&assertion(USERS_WITHOUT_LASTNAME[3])).await)
        .expect("a memberOf statement");
    assert!(
        nested["value"]
            .as_array()
            .is_some_and(|v| v.contains(&json!("Engineering (sample data)"))),
        "a member of the nested group gets it and the group it is nested in: {nested}"
    );
    let bound = statement(&env.ok(&assertion(USERS_WITHOUT_LASTNAME[2])).await)
        .expect("a memberOf statement");
    assert_eq!(
        bound["value"],
        json!([]),
        "bound directly, through no group"
    );
}

/// The names of the groups on the v2 traversal's paths from the demo application to `user`.
async fn groups_on_paths(env: &Env, user: &str) -> Vec<String> {
    let mut ids = std::collections::BTreeSet::new();
    for skip in (0..2_000).step_by(100) {
        let page = env
            .ok(&format!(
                "/api/v2/applications/{READINESS_DEMO_APP_ID}/users?limit=100&skip={skip}"
            ))
            .await;
        let items = page.as_array().expect("a list").clone();
        for item in items.iter().filter(|i| i["id"] == user) {
            for path in item["paths"].as_array().into_iter().flatten() {
                for hop in path.as_array().into_iter().flatten() {
                    if hop["to"]["type"] == "user_group" {
                        ids.insert(hop["to"]["id"].as_str().unwrap_or("").to_string());
                    }
                }
            }
        }
        if items.len() < 100 {
            break;
        }
    }
    let mut names = Vec::new();
    for id in ids {
        let group = env.ok(&format!("/api/v2/usergroups/{id}")).await;
        names.push(group["name"].as_str().unwrap_or("").to_string());
    }
    names.sort();
    names
}

#[tokio::test]
async fn some_seeded_applications_include_groups() {
    let env = start().await;
    let with_groups: Vec<Value> = applications(&env)
        .await
        .into_iter()
        .filter(|a| a["config"]["includeGroups"]["value"] == true)
        .collect();
    assert!(!with_groups.is_empty());
    for app in with_groups {
        assert_eq!(app["config"]["groupsAttributeName"]["value"], "memberOf");
    }
}

#[tokio::test]
async fn the_odd_application_is_seeded_only_on_request() {
    let odd = |apps: &[Value]| {
        apps.iter()
            .find(|a| a["displayLabel"] == ODD_APPLICATION_LABEL)
            .cloned()
    };
    let plain = start().await;
    assert!(odd(&applications(&plain).await).is_none());

    let dir = tempfile::tempdir().expect("temp dir");
    let opts = SandboxOptions {
        odd_application: true,
        ..SandboxOptions::new(dir.path())
    };
    let env = Env {
        sandbox: sso_desk_sandbox::start(opts).await.expect("start"),
        client: crate::common::http_client(),
        dir,
    };
    let app = odd(&applications(&env).await).expect("the odd application");
    let constants = app["config"]["constantAttributes"]["value"]
        .as_array()
        .expect("constants");
    assert!(
        constants.iter().any(Value::is_string),
        "a constant entry that is not an object: {constants:?}"
    );
    let unknown = &app["config"]["someUnknownAttributes"];
    assert!(unknown["value"].is_array());
    assert_ne!(unknown["type"], "constantAttributes");
    // Still served and computed: the sandbox skips what it cannot read.
    let id = app["_id"].as_str().expect("id");
    let users = env
        .ok(&format!("/api/v2/applications/{id}/users?limit=1"))
        .await;
    let user = users[0]["id"].as_str().expect("a user reaches it");
    env.ok(&format!("/sandbox/assertion?application={id}&user={user}"))
        .await;
}
