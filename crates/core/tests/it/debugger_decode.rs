//! Reading what an admin holds: every encoding of a `SAMLResponse`, SAML-tracer exports and HAR
//! files, the response's fields, bad input (with what is wrong) and arbitrary input (no panic,
//! bounded by the caps).

use base64::Engine;
use proptest::prelude::*;
use serde_json::json;
use sso_desk_core::debugger::checks::{evaluate, Inputs};
use sso_desk_core::debugger::decode::{MAX_INPUT_BYTES, MAX_RESPONSE_BYTES};
use sso_desk_core::debugger::parse::{read, MAX_NODES};
use sso_desk_core::debugger::signature::verify;
use sso_desk_core::debugger::{
    find_responses, to_xml, CheckKind, CheckOutcome, DecodeError, ParseError,
};
use sso_desk_sandbox::saml_response::{response_xml, Variant};

const EC_KEY: &str = include_str!("../../../sandbox/tests/data/ec-idp-key.pem");
const EC_CERT: &str = include_str!("../../../sandbox/tests/data/ec-idp-cert.pem");
const NOW: i64 = 1_800_000_000;

fn response() -> String {
    let app = json!({"ssoUrl": "https://sso.jumpcloud.com/saml2/decode", "config": {
        "acsUrl": {"value": "https://sp.example.com/saml/acs"},
        "spEntityId": {"value": "https://sp.example.com"},
        "idpEntityId": {"value": "https://sso.jumpcloud.com/saml2/decode"},
        "idpCertificate": {"value": EC_CERT},
        "idpPrivateKey": {"value": EC_KEY},
        "signResponse": {"value": true},
        "includeGroups": {"value": true},
        "groupsAttributeName": {"value": "memberOf"},
        "databaseAttributes": {"value": [
            {"name": "email", "value": "email"},
            {"name": "lastName", "value": "lastname"}
        ]}
    }});
    let user = json!({"_id": "u1", "email": "ada+test@example.com", "lastname": ""});
    let groups = ["Engineering".to_owned(), "Platform".to_owned()];
    response_xml(&app, &user, &groups, Variant::Genuine, NOW).expect("signed")
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn form_encode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

fn deflated(xml: &str) -> String {
    b64(&miniz_oxide::deflate::compress_to_vec(xml.as_bytes(), 6))
}

#[test]
fn every_encoding_decodes_to_the_same_xml() {
    let xml = response();
    let posted = b64(xml.as_bytes());
    let wrapped: String = posted
        .as_bytes()
        .chunks(76)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("\r\n");
    for (form, input) in [
        ("raw XML", xml.clone()),
        ("base64", posted.clone()),
        ("base64 in lines", wrapped),
        ("URL-encoded", form_encode(&posted)),
        (
            "a form body",
            format!("SAMLResponse={}&RelayState=x", form_encode(&posted)),
        ),
        ("deflated (redirect binding)", form_encode(&deflated(&xml))),
        ("deflated, not URL-encoded", deflated(&xml)),
    ] {
        assert_eq!(to_xml(&input).as_deref(), Ok(xml.as_str()), "{form}");
    }
}

#[test]
fn the_fields_are_read() {
    let xml = response();
    let fields = read(&xml).expect("a response");
    assert_eq!(fields.root, "Response");
    assert_eq!(
        fields.issuer.as_deref(),
        Some("https://sso.jumpcloud.com/saml2/decode")
    );
    assert_eq!(
        fields.destination.as_deref(),
        Some("https://sp.example.com/saml/acs")
    );
    assert_eq!(fields.in_response_to, None, "IdP-initiated");
    assert_eq!(
        fields.status.as_ref().map(|s| s.code.as_str()),
        Some("urn:oasis:names:tc:SAML:2.0:status:Success")
    );
    let a = fields.assertion.expect("an assertion");
    assert_eq!(a.name_id.as_deref(), Some("ada+test@example.com"));
    assert_eq!(
        a.name_id_format.as_deref(),
        Some("urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress")
    );
    assert_eq!(a.audiences, ["https://sp.example.com"]);
    assert_eq!(
        a.recipient.as_deref(),
        Some("https://sp.example.com/saml/acs")
    );
    assert_eq!(a.not_before.as_deref(), Some("2027-01-15T07:59:00Z"));
    assert_eq!(a.not_on_or_after.as_deref(), Some("2027-01-15T08:05:00Z"));
    assert_eq!(a.authn_instant.as_deref(), Some("2027-01-15T08:00:00Z"));
    let attributes: Vec<(&str, Vec<&str>)> = a
        .attributes
        .iter()
        .map(|x| {
            (
                x.name.as_str(),
                x.values.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        attributes,
        [
            ("email", vec!["ada+test@example.com"]),
            ("lastName", vec![""]),
            ("memberOf", vec!["Engineering", "Platform"]),
        ]
    );
}

#[test]
fn saml_tracer_exports_and_har_files_list_their_responses() {
    let xml = response();
    let posted = b64(xml.as_bytes());
    let tracer = json!({"requests": [
        {"method": "GET", "url": "https://sp.example.com/", "requestId": "1"},
        {"method": "POST", "url": "https://sp.example.com/saml/acs", "requestId": "2",
         "post": [["SAMLResponse", posted], ["RelayState", ""]], "saml": xml},
    ], "timestamp": "2027-01-15T08:00:00Z"});
    let found = find_responses(&tracer.to_string()).expect("found");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].label, "POST https://sp.example.com/saml/acs");
    assert_eq!(to_xml(&found[0].value).as_deref(), Ok(xml.as_str()));

    // An export that hashed its parameters still carries the decoded message.
    let hashed = json!({"requests": [{"method": "POST", "url": "https://sp.example.com/saml/acs",
        "post": [["SAMLResponse", "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12"]], "saml": xml}]});
    let found = find_responses(&hashed.to_string()).expect("found");
    assert_eq!(to_xml(&found[0].value).as_deref(), Ok(xml.as_str()));

    let har = json!({"log": {"version": "1.2", "entries": [
        {"startedDateTime": "2027-01-15T08:00:00.000Z", "request": {"method": "POST",
          "url": "https://sp.example.com/saml/acs",
          "postData": {"mimeType": "application/x-www-form-urlencoded",
            "params": [{"name": "SAMLResponse", "value": form_encode(&posted)}],
            "text": format!("SAMLResponse={}", form_encode(&posted))}}},
        {"startedDateTime": "2027-01-15T08:00:01.000Z", "request": {"method": "GET",
          "url": "https://sp.example.com/logo.png"}},
        {"startedDateTime": "2027-01-15T08:00:02.000Z", "request": {"method": "GET",
          "url": format!("https://sp.example.com/saml/slo?SAMLResponse={}", form_encode(&deflated(&xml)))}},
    ]}});
    let found = find_responses(&har.to_string()).expect("found");
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!(found[0].at.as_deref(), Some("2027-01-15T08:00:00.000Z"));
    assert_eq!(found[1].label, "GET https://sp.example.com/saml/slo");
    for f in &found {
        assert_eq!(to_xml(&f.value).as_deref(), Ok(xml.as_str()), "{}", f.label);
    }

    let empty_har =
        json!({"log": {"entries": [{"request": {"method": "GET", "url": "https://x/"}}]}});
    assert_eq!(
        find_responses(&empty_har.to_string()),
        Err(DecodeError::NoneFound)
    );
    assert_eq!(find_responses("{\"a\": 1}"), Err(DecodeError::UnknownJson));
    assert_eq!(find_responses("  "), Err(DecodeError::Empty));
}

#[test]
fn bad_input_says_what_is_wrong() {
    assert!(matches!(
        to_xml("not base64 at all!"),
        Err(DecodeError::NotBase64(_))
    ));
    assert_eq!(to_xml(&b64(b"hello world")), Err(DecodeError::NotXml));
    let dtd = r#"<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x "y">]><samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">&x;</samlp:Response>"#;
    assert_eq!(
        read(dtd),
        Err(ParseError::Dtd),
        "a DTD is refused, never expanded"
    );
    assert!(matches!(read("<a><b></a>"), Err(ParseError::NotXml(_))));
    assert!(matches!(read("<html/>"), Err(ParseError::NotResponse(_))));
    let huge = "A".repeat(MAX_INPUT_BYTES + 1);
    assert!(matches!(to_xml(&huge), Err(DecodeError::TooLarge { .. })));
    assert!(matches!(
        find_responses(&huge),
        Err(DecodeError::TooLarge { .. })
    ));
    // A deflate bomb: a few KB that would inflate past the cap stops at the cap.
    let bomb = b64(&miniz_oxide::deflate::compress_to_vec(
        &vec![b' '; MAX_RESPONSE_BYTES * 4],
        9,
    ));
    assert!(bomb.len() < 64 * 1024);
    assert!(matches!(to_xml(&bomb), Err(DecodeError::TooLarge { .. })));
    let deep = format!(
        "{}{}",
        "<a>".repeat(MAX_NODES as usize + 10),
        "</a>".repeat(MAX_NODES as usize + 10)
    );
    assert_eq!(read(&deep), Err(ParseError::TooManyNodes));
}

#[test]
fn an_encrypted_assertion_is_said_and_the_rest_is_shown() {
    let xml = r#"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r" Version="2.0" IssueInstant="2027-01-15T08:00:00Z" Destination="https://sp.example.com/saml/acs"><saml:Issuer>https://sso.jumpcloud.com/saml2/x</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status><saml:EncryptedAssertion><xenc:EncryptedData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#"/></saml:EncryptedAssertion></samlp:Response>"#;
    let fields = read(xml).expect("readable as far as it goes");
    assert_eq!(fields.encrypted_assertion_count, 1);
    assert_eq!(fields.assertion, None);
    assert_eq!(
        fields.destination.as_deref(),
        Some("https://sp.example.com/saml/acs")
    );
    let signatures = verify(xml, &[], &[]);
    let lines = evaluate(&Inputs {
        response: &fields,
        signatures: &signatures,
        application: None,
        name_id_property: "email",
        user: None,
        preview: None,
        now_secs: NOW,
    });
    let jit = lines
        .iter()
        .find(|l| l.check == CheckKind::JitAttributes)
        .expect("line");
    assert_eq!(jit.outcome, CheckOutcome::Skip);
    assert!(jit.detail.contains("encrypted"), "{}", jit.detail);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Arbitrary text: every step answers (a value or an error), none panics.
    #[test]
    fn arbitrary_text_never_panics(text in ".{0,2000}") {
        let _ = find_responses(&text);
        if let Ok(xml) = to_xml(&text) {
            if read(&xml).is_ok() {
                let _ = verify(&xml, &[], &[]);
            }
        }
    }

    /// Arbitrary bytes, base64-encoded and deflated: the decoder's two binary paths.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let _ = to_xml(&b64(&bytes));
        let _ = to_xml(&b64(&miniz_oxide::deflate::compress_to_vec(&bytes, 1)));
    }

    /// A real response with bytes changed: parsing, verification and the checks still answer.
    #[test]
    fn a_mangled_response_never_panics(edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)) {
        let mut bytes = response().into_bytes();
        for (at, byte) in edits {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        let text = String::from_utf8_lossy(&bytes).into_owned();
        if let Ok(fields) = read(&text) {
            let signatures = verify(&text, &[], &[]);
            let _ = evaluate(&Inputs {
                response: &fields,
                signatures: &signatures,
                application: None,
                name_id_property: "email",
                user: None,
                preview: None,
                now_secs: NOW,
            });
        }
    }
}
