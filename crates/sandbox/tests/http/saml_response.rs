//! `/sandbox/assertion?format=saml`: a real signed SAML response, checked by an independent
//! implementation (`xmlsec1`, libxmlsec1 over OpenSSL) for every variant, and by reading it.

use std::process::Command;

use base64::Engine;
use serde_json::{json, Value};
use sso_desk_sandbox::saml_response::{response_xml, Variant};
use sso_desk_sandbox::sample::{READINESS_DEMO_APP_ID, USERS_WITHOUT_LASTNAME};

use crate::common::{assert_error, start};

const RSA_KEY: &str = include_str!("../data/rsa-idp-key.pem");
const RSA_CERT: &str = include_str!("../data/rsa-idp-cert.pem");

/// What `xmlsec1 --verify` says of the signature under the element with ID `node_id` (the
/// first in the document when `None`), with `cert_pem` as the only trusted key.
pub fn xmlsec1_verifies(xml: &str, cert_pem: &str, node_id: Option<&str>) -> bool {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (doc, cert) = (dir.path().join("response.xml"), dir.path().join("cert.pem"));
    std::fs::write(&doc, xml).expect("write the response");
    std::fs::write(&cert, cert_pem).expect("write the certificate");
    let mut command = Command::new("xmlsec1");
    command.args([
        "--verify",
        "--id-attr:ID",
        "urn:oasis:names:tc:SAML:2.0:protocol:Response",
        "--id-attr:ID",
        "urn:oasis:names:tc:SAML:2.0:assertion:Assertion",
        "--id-attr:ID",
        "urn:oasis:names:tc:SAML:2.0:protocol:Extensions",
        "--pubkey-cert-pem",
    ]);
    command.arg(&cert);
    if let Some(id) = node_id {
        command.args(["--node-id", id]);
    }
    let out = command.arg(&doc).output().unwrap_or_else(|e| {
        panic!("xmlsec1 must be installed to check signatures (scripts/deps.sh test): {e}")
    });
    out.status.success()
}

fn decode(body: &Value) -> String {
    let b64 = body["samlResponse"]
        .as_str()
        .expect("samlResponse is a string");
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .expect("standard base64");
    String::from_utf8(bytes).expect("UTF-8 XML")
}

fn ids_of(xml: &str, local: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
    doc.descendants()
        .filter(|n| n.tag_name().name() == local)
        .filter_map(|n| n.attribute("ID").map(str::to_owned))
        .collect()
}

fn text_of(xml: &str, local: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
    doc.descendants()
        .filter(|n| n.tag_name().name() == local)
        .map(|n| n.text().unwrap_or("").to_owned())
        .collect()
}

#[tokio::test]
async fn a_signed_response_for_each_variant_agrees_with_xmlsec1() {
    let env = start().await;
    let app = env
        .ok(&format!("/api/applications/{READINESS_DEMO_APP_ID}"))
        .await;
    let cert = app["config"]["idpCertificate"]["value"]
        .as_str()
        .expect("the application's certificate");
    let user = USERS_WITHOUT_LASTNAME[0];
    let path = |variant: &str| {
        format!(
            "/sandbox/assertion?application={READINESS_DEMO_APP_ID}&user={user}&format=saml{variant}"
        )
    };
    let genuine = decode(&env.ok(&path("")).await);
    assert!(
        xmlsec1_verifies(&genuine, cert, None),
        "xmlsec1 accepts the genuine response with the application's certificate:\n{genuine}"
    );
    assert!(genuine.contains("ecdsa-sha256") || genuine.contains("rsa-sha256"));
    assert_eq!(
        text_of(&genuine, "Audience"),
        [app["config"]["spEntityId"]["value"].as_str().unwrap_or("")]
    );
    assert_eq!(
        text_of(&genuine, "Issuer")[0],
        app["config"]["idpEntityId"]["value"].as_str().unwrap_or("")
    );
    let expected = env
        .ok(&format!(
            "/sandbox/assertion?application={READINESS_DEMO_APP_ID}&user={user}"
        ))
        .await;
    assert_eq!(
        text_of(&genuine, "NameID"),
        [expected["nameId"].as_str().unwrap_or("")],
        "the subject is the JSON form's NameID"
    );
    let names: Vec<String> = roxmltree::Document::parse(&genuine)
        .expect("XML")
        .descendants()
        .filter(|n| n.tag_name().name() == "Attribute")
        .filter_map(|n| n.attribute("Name").map(str::to_owned))
        .collect();
    let json_names: Vec<String> = expected["attributes"]
        .as_array()
        .expect("statements")
        .iter()
        .filter_map(|s| s["name"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(names, json_names, "one Attribute per statement, in order");

    for (variant, valid) in [
        ("wrong-audience", true),
        ("expired", true),
        ("tampered", false),
        ("other-key", false),
    ] {
        let xml = decode(&env.ok(&path(&format!("&variant={variant}"))).await);
        assert_eq!(
            xmlsec1_verifies(&xml, cert, None),
            valid,
            "xmlsec1 on the {variant} response:\n{xml}"
        );
    }

    let wrapped = decode(&env.ok(&path("&variant=wrapped")).await);
    let assertions = ids_of(&wrapped, "Assertion");
    assert_eq!(
        assertions.len(),
        2,
        "a forged assertion beside the signed one"
    );
    assert!(
        xmlsec1_verifies(&wrapped, cert, Some(&assertions[1])),
        "the signature over the second (genuine) assertion still verifies"
    );
    assert_eq!(
        wrapped.matches("<ds:Reference ").count(),
        1,
        "one signature only"
    );
    assert!(
        wrapped.contains(&format!(r##"URI="#{}""##, assertions[1])),
        "and it covers the second assertion, not the first (forged) one"
    );

    let elsewhere = decode(&env.ok(&path("&variant=wrapped-reference")).await);
    assert_eq!(ids_of(&elsewhere, "Assertion").len(), 1);
    assert!(
        xmlsec1_verifies(&elsewhere, cert, None),
        "the signature is valid, over the Extensions element only"
    );
    let extensions = ids_of(&elsewhere, "Extensions");
    assert!(
        elsewhere.contains(&format!(r##"URI="#{}""##, extensions[0])),
        "its reference names the Extensions element"
    );
}

#[tokio::test]
async fn bad_requests_say_what_is_wrong() {
    let env = start().await;
    let user = USERS_WITHOUT_LASTNAME[0];
    let base = format!("/sandbox/assertion?application={READINESS_DEMO_APP_ID}&user={user}");
    for query in [
        "&format=xml",
        "&format=saml&variant=bogus",
        "&variant=tampered",
    ] {
        let (status, body) = env.get(&format!("{base}{query}")).await;
        assert_eq!(status, 400, "{query}: {body}");
        assert_error(&body, 400);
    }
    let json = env.ok(&format!("{base}&format=json")).await;
    assert!(json["nameId"].is_string(), "format=json is today's form");
}

#[test]
fn an_rsa_key_signs_with_rsa_sha256_and_xmlsec1_agrees() {
    let app = json!({"ssoUrl": "https://sso.jumpcloud.com/saml2/rsa", "config": {
        "acsUrl": {"value": "https://rsa.example.com/saml/acs"},
        "spEntityId": {"value": "https://rsa.example.com"},
        "idpEntityId": {"value": "https://sso.jumpcloud.com/saml2/rsa"},
        "idpCertificate": {"value": RSA_CERT},
        "idpPrivateKey": {"value": RSA_KEY},
        "signAssertion": {"value": true},
        "signResponse": {"value": true},
        "databaseAttributes": {"value": [{"name": "email", "value": "email"}]}
    }});
    let user = json!({"_id": "u1", "email": "ada@example.com"});
    let xml = response_xml(&app, &user, &[], Variant::Genuine, 1_800_000_000).expect("signed");
    assert_eq!(
        xml.matches("xmldsig-more#rsa-sha256").count(),
        2,
        "both signatures are RSA-SHA256"
    );
    let response = &ids_of(&xml, "Response")[0];
    let assertion = &ids_of(&xml, "Assertion")[0];
    for id in [response, assertion] {
        assert!(xmlsec1_verifies(&xml, RSA_CERT, Some(id)), "{id}:\n{xml}");
    }
    let tampered = response_xml(&app, &user, &[], Variant::Tampered, 1_800_000_000).expect("xml");
    assert!(!xmlsec1_verifies(&tampered, RSA_CERT, None));
}
