//! The debugger's signature verdicts on responses the sandbox signs (RSA-SHA256 and ECDSA-SHA256),
//! each held against `xmlsec1` (libxmlsec1 over OpenSSL), an implementation that shares no code
//! with ours: valid, a value changed, the signature changed, another key, and two wrapping attacks.

use std::process::Command;

use serde_json::{json, Value};
use sso_desk_core::debugger::signature::{verify, KnownAs, KnownCertificate, Verdict};
use sso_desk_core::debugger::SignatureFindings;
use sso_desk_sandbox::saml_response::{response_xml, Variant};

const RSA_KEY: &str = include_str!("../../../sandbox/tests/data/rsa-idp-key.pem");
const RSA_CERT: &str = include_str!("../../../sandbox/tests/data/rsa-idp-cert.pem");
const EC_KEY: &str = include_str!("../../../sandbox/tests/data/ec-idp-key.pem");
const EC_CERT: &str = include_str!("../../../sandbox/tests/data/ec-idp-cert.pem");
const NOW: i64 = 1_800_000_000;

/// What xmlsec1 says: whether the signature (the first under `node_id`, or in the document)
/// verifies with `cert_pem` only, and the data its references digested.
struct Xmlsec1 {
    verified: bool,
    digested: String,
}

fn xmlsec1(xml: &str, cert_pem: &str, node_id: Option<&str>) -> Xmlsec1 {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (doc, cert) = (dir.path().join("r.xml"), dir.path().join("c.pem"));
    std::fs::write(&doc, xml).expect("write");
    std::fs::write(&cert, cert_pem).expect("write");
    let mut command = Command::new("xmlsec1");
    command.args(["--verify", "--store-references"]);
    for element in [
        "urn:oasis:names:tc:SAML:2.0:protocol:Response",
        "urn:oasis:names:tc:SAML:2.0:assertion:Assertion",
        "urn:oasis:names:tc:SAML:2.0:protocol:Extensions",
    ] {
        command.args(["--id-attr:ID", element]);
    }
    command.arg("--pubkey-cert-pem").arg(&cert);
    if let Some(id) = node_id {
        command.args(["--node-id", id]);
    }
    let out = command.arg(&doc).output().unwrap_or_else(|e| {
        panic!("xmlsec1 must be installed to cross-check signatures (scripts/deps.sh test): {e}")
    });
    let stdout = String::from_utf8_lossy(&out.stdout);
    let digested = stdout
        .split("PreDigest data - start buffer:")
        .skip(1)
        .filter_map(|s| s.split("PreDigest data - end buffer").next())
        .collect::<Vec<_>>()
        .join("\n");
    Xmlsec1 {
        verified: out.status.success(),
        digested,
    }
}

fn application(key: &str, cert: &str, sign_assertion: bool) -> Value {
    json!({"ssoUrl": "https://sso.jumpcloud.com/saml2/debugger", "config": {
        "acsUrl": {"value": "https://sp.example.com/saml/acs"},
        "spEntityId": {"value": "https://sp.example.com"},
        "idpEntityId": {"value": "https://sso.jumpcloud.com/saml2/debugger"},
        "idpCertificate": {"value": cert},
        "idpPrivateKey": {"value": key},
        "signAssertion": {"value": sign_assertion},
        "signResponse": {"value": !sign_assertion},
        "databaseAttributes": {"value": [
            {"name": "email", "value": "email"},
            {"name": "lastName", "value": "lastname"}
        ]}
    }})
}

fn user() -> Value {
    json!({"_id": "u1", "email": "ada@example.com", "lastname": "Lovelace"})
}

fn current(cert: &str) -> Vec<KnownCertificate> {
    vec![KnownCertificate {
        pem: cert.to_owned(),
        known_as: KnownAs::Current,
    }]
}

fn ours(xml: &str, cert: &str) -> SignatureFindings {
    verify(xml, &current(cert), &[])
}

/// Ours, reduced to xmlsec1's question: does a signature verify with the application's
/// certificate?
fn valid_with_current(found: &SignatureFindings) -> bool {
    found.signatures.iter().any(|s| {
        s.verdict == Verdict::Valid
            && s.signed_by.as_ref().map(|b| &b.known_as) == Some(&KnownAs::Current)
    })
}

fn ids(xml: &str, local: &str) -> Vec<String> {
    roxmltree::Document::parse(xml)
        .expect("XML")
        .descendants()
        .filter(|n| n.tag_name().name() == local)
        .filter_map(|n| n.attribute("ID").map(str::to_owned))
        .collect()
}

fn each_algorithm(check: impl Fn(&str, &str, &str)) {
    for (name, key, cert) in [
        ("RSA-SHA256", RSA_KEY, RSA_CERT),
        ("ECDSA-SHA256", EC_KEY, EC_CERT),
    ] {
        check(name, key, cert);
    }
}

#[test]
fn a_genuine_response_is_valid_with_the_current_certificate_and_xmlsec1_agrees() {
    each_algorithm(|name, key, cert| {
        for sign_assertion in [false, true] {
            let xml = response_xml(
                &application(key, cert, sign_assertion),
                &user(),
                &[],
                Variant::Genuine,
                NOW,
            )
            .expect("signed");
            let found = ours(&xml, cert);
            assert!(valid_with_current(&found), "{name}: {found:#?}");
            assert!(
                found.assertion_covered(),
                "{name}: the signature covers the assertion read"
            );
            assert!(found
                .signatures
                .iter()
                .all(|s| s.safe_algorithm && s.algorithm == name));
            assert!(xmlsec1(&xml, cert, None).verified, "{name}: xmlsec1 agrees");
        }
    });
}

#[test]
fn a_value_changed_after_signing_fails_and_xmlsec1_agrees() {
    each_algorithm(|name, key, cert| {
        let xml = response_xml(
            &application(key, cert, false),
            &user(),
            &[],
            Variant::Tampered,
            NOW,
        )
        .expect("xml");
        assert!(xml.contains("tampered-"), "a value was changed");
        let found = ours(&xml, cert);
        assert_eq!(
            found.signatures[0].verdict,
            Verdict::ContentChanged,
            "{name}"
        );
        assert!(!valid_with_current(&found));
        assert!(
            !xmlsec1(&xml, cert, None).verified,
            "{name}: xmlsec1 agrees"
        );
    });
}

#[test]
fn a_changed_signature_value_fails_and_xmlsec1_agrees() {
    each_algorithm(|name, key, cert| {
        let xml = response_xml(
            &application(key, cert, false),
            &user(),
            &[],
            Variant::Genuine,
            NOW,
        )
        .expect("xml");
        let start = xml.find("<ds:SignatureValue>").expect("a signature value")
            + "<ds:SignatureValue>".len();
        let mut bytes = xml.into_bytes();
        // Another base64 letter in the middle of the value: still base64, no longer the signature.
        let at = start + 10;
        bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
        let xml = String::from_utf8(bytes).expect("text");
        let found = ours(&xml, cert);
        assert!(
            matches!(
                found.signatures[0].verdict,
                Verdict::NoMatchingKey | Verdict::Unverifiable { .. }
            ),
            "{name}: {:?}",
            found.signatures[0].verdict
        );
        assert!(!valid_with_current(&found));
        assert!(
            !xmlsec1(&xml, cert, None).verified,
            "{name}: xmlsec1 agrees"
        );
    });
}

#[test]
fn another_key_is_not_the_application_certificate_and_xmlsec1_agrees() {
    each_algorithm(|name, key, cert| {
        let xml = response_xml(
            &application(key, cert, false),
            &user(),
            &[],
            Variant::OtherKey,
            NOW,
        )
        .expect("xml");
        let found = ours(&xml, cert);
        let signature = &found.signatures[0];
        assert_eq!(
            signature.verdict,
            Verdict::Valid,
            "{name}: valid with its own certificate"
        );
        assert_eq!(
            signature.signed_by.as_ref().map(|s| &s.known_as),
            Some(&KnownAs::Unknown),
            "{name}: but that certificate is nobody's we know"
        );
        assert!(!valid_with_current(&found));
        assert!(
            !xmlsec1(&xml, cert, None).verified,
            "{name}: xmlsec1 agrees"
        );
    });
}

#[test]
fn a_second_assertion_beside_the_signed_one_is_refused_though_xmlsec1_finds_the_signature_valid() {
    each_algorithm(|name, key, cert| {
        let xml = response_xml(
            &application(key, cert, true),
            &user(),
            &[],
            Variant::Wrapped,
            NOW,
        )
        .expect("xml");
        let assertions = ids(&xml, "Assertion");
        assert_eq!(assertions.len(), 2);
        let found = ours(&xml, cert);
        assert!(
            valid_with_current(&found),
            "{name}: the signature itself is valid"
        );
        assert!(
            !found.assertion_covered(),
            "{name}: but it does not vouch for the assertion read"
        );
        let issue = found.signatures[0]
            .coverage_issue
            .clone()
            .unwrap_or_default();
        assert!(issue.contains("2 assertions"), "{issue}");
        let theirs = xmlsec1(&xml, cert, Some(&assertions[1]));
        assert!(
            theirs.verified,
            "{name}: xmlsec1 also finds the signature valid"
        );
        assert!(
            theirs.digested.contains(&assertions[1]) && !theirs.digested.contains(&assertions[0]),
            "{name}: and what it digested is the second assertion, not the first (read) one"
        );
    });
}

#[test]
fn a_signature_over_another_element_does_not_cover_the_assertion_and_xmlsec1_agrees() {
    each_algorithm(|name, key, cert| {
        let xml = response_xml(
            &application(key, cert, false),
            &user(),
            &[],
            Variant::WrappedReference,
            NOW,
        )
        .expect("xml");
        let found = ours(&xml, cert);
        assert!(valid_with_current(&found), "{name}: the signature is valid");
        assert!(
            !found.assertion_covered(),
            "{name}: over the Extensions, not the assertion"
        );
        let assertion = &ids(&xml, "Assertion")[0];
        let theirs = xmlsec1(&xml, cert, None);
        assert!(theirs.verified, "{name}: xmlsec1 finds it valid too");
        assert!(
            theirs.digested.contains("Extensions"),
            "{name}: {}",
            theirs.digested
        );
        assert!(
            !theirs.digested.contains(assertion.as_str()),
            "{name}: and the assertion is not in what xmlsec1 digested"
        );
    });
}

#[test]
fn sha1_is_flagged() {
    let xml = response_xml(
        &application(RSA_KEY, RSA_CERT, false),
        &user(),
        &[],
        Variant::Genuine,
        NOW,
    )
    .expect("xml")
    .replace("xmldsig-more#rsa-sha256", "xmldsig#rsa-sha1")
    .replace("xmlenc#sha256", "xmldsig#sha1");
    let found = ours(&xml, RSA_CERT);
    assert_eq!(found.signatures[0].algorithm, "RSA-SHA1");
    assert!(!found.signatures[0].safe_algorithm);
    assert!(
        !valid_with_current(&found),
        "the signature was made over SHA-256 data"
    );
}
