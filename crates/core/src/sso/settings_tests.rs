use super::*;
use crate::sso::acs::{add_acs_url, parse_acs_list, remove_acs_url, set_default_acs_url, AcsUrl};
use crate::sso::certificate::tests::SP_CERT;
use serde_json::json;

fn entry(label: &str, position: i64, kind: &str, value: Value) -> Value {
    json!({"label": label, "position": position, "type": kind, "required": true,
           "readOnly": false, "visible": true, "value": value})
}

fn app() -> Value {
    json!({"_id": "a1", "config": {
        "acsUrl": entry("ACS URL", 2, "url", json!("https://sp.example.com/acs")),
        "spEntityId": entry("SP Entity ID", 1, "text", json!("https://sp.example.com")),
        "idpEntityId": {"position": 0, "readOnly": true, "value": "https://idp"},
        "signAssertion": {"position": 5, "value": false},
        "subjectField": {"position": 4, "value": "email"},
        "loginUrl": {"label": "Login URL", "position": 6, "type": "url", "value": ""},
        "spCertificate": {"position": 3, "type": "file", "value": ""},
        "idpPrivateKey": {"label": "IdP Private Key", "value": "SECRET"},
        "constantAttributes": {"value": []},
    }})
}

/// The v1 spec's `options` form: `[{text, value}]` with integer values.
fn name_id_options() -> Value {
    json!([
        {"text": "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified", "value": 0},
        {"text": "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress", "value": 1},
        {"text": "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent", "value": 2}
    ])
}

/// An application of a real organisation: values SSO Desk would not let anyone type, an
/// `authClaimConfiguration` object, options with integer values, several ACS URLs.
fn real() -> Value {
    json!({"_id": "r1", "config": {
        "acsUrl": {"label": "ACS URL", "position": 1, "type": "text", "required": true,
            "value": "[{\"index\":\"0\",\"isDefault\":\"true\",\"url\":\"https://sp.example.com/acs/0\"},{\"index\":\"1\",\"isDefault\":\"false\",\"url\":\"https://sp.example.com/acs/1\"}]"},
        "spEntityId": {"label": "SP Entity ID", "position": 2, "type": "text", "required": true,
            "value": "https://sp.example.com"},
        "overrideNameIdFormat": {"label": "SAMLSubject NameID Format", "position": 4,
            "type": "select", "options": name_id_options(),
            "value": "urn:oasis:names:tc:SAML:2.0:nameid-format:unspecified"},
        "defaultTargetUrl": {"label": "Default RelayState", "position": 5, "type": "text",
            "value": "acme-tenant"},
        "idpInitUrl": {"label": "IdP-Initiated URL", "position": 6, "type": "text",
            "value": "http://legacy.example.com/start"},
        "authClaimConfiguration": {
            "authnContextMappings": {"type": "string", "value": [{}]},
            "authnContextMode": {"type": "string", "value": "string"},
            "sendAmrClaim": {"readOnly": true, "type": "string", "value": true},
            "singleAuthnContextValue": {"type": "string", "value": "string"},
            "type": "string", "visible": true},
    }})
}

fn field<'a>(fields: &'a [SsoField], key: &str) -> &'a SsoField {
    fields
        .iter()
        .find(|f| f.key == key)
        .unwrap_or_else(|| panic!("no field {key}"))
}

fn edit(key: &str, value: SsoValue) -> SsoEdit {
    SsoEdit {
        key: key.into(),
        value,
    }
}

fn text(s: &str) -> SsoValue {
    SsoValue::Text(s.into())
}

#[test]
fn fields_follow_the_entries_and_their_order() {
    let f = fields_of(&app());
    let keys: Vec<&str> = f.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "idpEntityId",
            "spEntityId",
            "acsUrl",
            "spCertificate",
            "subjectField",
            "signAssertion",
            "loginUrl"
        ]
    );
    assert_eq!(f[0].label, "IdP Entity ID");
    assert!(f[0].read_only);
    assert_eq!(f[2].kind, SsoFieldKind::Url);
    assert_eq!(f[5].value, SsoValue::Switch(false));
    assert!(matches!(&f[4].kind, SsoFieldKind::Choice { options } if options.len() == 5));
    assert!(f.iter().all(|f| f.issue.is_none()), "{f:?}");
    assert!(f.iter().all(|f| f.stored.is_none()), "one copy: not known");
}

#[test]
fn an_invalid_value_is_kept_and_reported_next_to_its_field() {
    let mut a = app();
    apply_edit(&mut a, &edit("acsUrl", text("http://sp.example.com/acs"))).unwrap();
    assert_eq!(a["config"]["acsUrl"]["value"], "http://sp.example.com/acs");
    let f = fields_of(&a);
    let acs = field(&f, "acsUrl");
    assert!(acs.issue.as_deref().unwrap().contains("https"));

    apply_edit(&mut a, &edit("spCertificate", text("not a certificate"))).unwrap();
    assert!(field(&fields_of(&a), "spCertificate").issue.is_some());
    apply_edit(&mut a, &edit("spCertificate", text(SP_CERT))).unwrap();
    let f = fields_of(&a);
    let c = field(&f, "spCertificate");
    assert!(c.issue.is_none());
    assert!(c
        .certificate
        .as_ref()
        .unwrap()
        .subject
        .contains("sp.example.com"));
    assert_eq!(
        issues_of(&f),
        vec![("acsUrl".to_owned(), acs.issue.clone().unwrap())]
    );
}

#[test]
fn read_only_unknown_and_secret_fields_refuse_edits() {
    let mut a = app();
    let before = a.clone();
    assert!(matches!(
        apply_edit(&mut a, &edit("idpEntityId", text("x"))),
        Err(SsoEditError::ReadOnly { .. })
    ));
    assert!(matches!(
        apply_edit(&mut a, &edit("idpPrivateKey", text("x"))),
        Err(SsoEditError::Unknown(_))
    ));
    assert!(matches!(
        apply_edit(&mut a, &edit("nope", text("x"))),
        Err(SsoEditError::Unknown(_))
    ));
    assert!(matches!(
        apply_edit(&mut a, &edit("signAssertion", text("yes"))),
        Err(SsoEditError::WrongType { .. })
    ));
    assert_eq!(a, before);
    apply_edit(&mut a, &edit("signAssertion", SsoValue::Switch(true))).unwrap();
    assert_eq!(a["config"]["signAssertion"]["value"], true);
}

#[test]
fn stored_odd_values_are_notes_and_only_changed_fields_block() {
    let base = real();
    // As JumpCloud holds it: nothing blocks, the odd values have notes.
    let checks = draft_checks(&base, &base);
    assert_eq!(
        checks.blocking,
        [],
        "an untouched application can always be saved"
    );
    let noted: Vec<&str> = checks.notes.iter().map(|n| n.key.as_str()).collect();
    assert_eq!(noted, ["overrideNameIdFormat", "idpInitUrl"], "{checks:#?}");
    let fields = fields_of_draft(&base, &base);
    assert!(fields
        .iter()
        .all(|f| f.stored == Some(true) && f.issue.is_none()));
    let relay = field(&fields, "defaultTargetUrl");
    assert_eq!(
        (relay.kind.clone(), relay.note.clone()),
        (SsoFieldKind::Text, None),
        "a tenant name is fine"
    );

    // Another field changes: the odd values still do not block.
    let mut edited = base.clone();
    apply_edit(
        &mut edited,
        &edit("spEntityId", text("https://sp.example.com/v2")),
    )
    .unwrap();
    let checks = draft_checks(&base, &edited);
    assert_eq!(checks.blocking, []);
    assert_eq!(checks.notes.len(), 2);
    let fields = fields_of_draft(&base, &edited);
    assert_eq!(field(&fields, "spEntityId").stored, Some(false));
    assert_eq!(field(&fields, "idpInitUrl").stored, Some(true));

    // A changed field is checked as typed, and blocks.
    apply_edit(
        &mut edited,
        &edit("idpInitUrl", text("http://other.example.com/start")),
    )
    .unwrap();
    let checks = draft_checks(&base, &edited);
    assert_eq!(checks.blocking.len(), 1, "{checks:#?}");
    assert_eq!(checks.blocking[0].key, "idpInitUrl");
    assert!(checks.blocking[0].message.contains("https"));
    // Changing it back makes it the stored value again.
    apply_edit(
        &mut edited,
        &edit("idpInitUrl", text("http://legacy.example.com/start")),
    )
    .unwrap();
    assert_eq!(draft_checks(&base, &edited).blocking, []);
    // Choosing a NameID format is judged against the connector's own options.
    apply_edit(
        &mut edited,
        &edit(
            "overrideNameIdFormat",
            text("urn:oasis:names:tc:SAML:2.0:nameid-format:transient"),
        ),
    )
    .unwrap();
    assert_eq!(
        draft_checks(&base, &edited).blocking[0].key,
        "overrideNameIdFormat"
    );
}

#[test]
fn an_object_without_a_scalar_value_is_never_a_field_nor_written() {
    let mut a = real();
    let claims = serde_json::to_string(&a["config"]["authClaimConfiguration"]).unwrap();
    assert!(fields_of(&a)
        .iter()
        .all(|f| f.key != "authClaimConfiguration"));
    assert!(matches!(
        apply_edit(&mut a, &edit("authClaimConfiguration", text("x"))),
        Err(SsoEditError::Unknown(_))
    ));
    apply_edit(&mut a, &edit("spEntityId", text("urn:changed"))).unwrap();
    apply_edit(&mut a, &edit("defaultTargetUrl", text("other-tenant"))).unwrap();
    apply_edit(
        &mut a,
        &edit(
            "overrideNameIdFormat",
            text("urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"),
        ),
    )
    .unwrap();
    assert_eq!(
        serde_json::to_string(&a["config"]["authClaimConfiguration"]).unwrap(),
        claims,
        "byte-identical after edits of other fields"
    );
}

#[test]
fn a_choice_stored_as_an_options_integer_is_written_back_as_one() {
    let mut a = json!({"config": {"overrideNameIdFormat": {"type": "select",
        "options": name_id_options(), "value": 1}}});
    let f = fields_of(&a);
    assert_eq!(
        f[0].value,
        text("urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress")
    );
    assert_eq!(f[0].issue, None);
    apply_edit(
        &mut a,
        &edit(
            "overrideNameIdFormat",
            text("urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"),
        ),
    )
    .unwrap();
    assert_eq!(a["config"]["overrideNameIdFormat"]["value"], json!(2));
}

#[test]
fn several_acs_urls_are_read_edited_and_written_in_their_encoding() {
    let mut a = real();
    let stored = a["config"]["acsUrl"]["value"].as_str().unwrap().to_owned();
    let f = fields_of(&a);
    let acs = field(&f, "acsUrl");
    assert_eq!(acs.kind, SsoFieldKind::AcsUrls);
    assert_eq!(acs.label, "ACS URLs");
    let SsoValue::AcsUrls(mut list) = acs.value.clone() else {
        panic!("a list: {:?}", acs.value);
    };
    assert_eq!(list.len(), 2);
    assert!(list[0].is_default);

    // The same list writes the same text.
    apply_edit(&mut a, &edit("acsUrl", SsoValue::AcsUrls(list.clone()))).unwrap();
    assert_eq!(a["config"]["acsUrl"]["value"], stored);

    // Add one, make it the default, remove the first: still a list in a string, strings kept.
    add_acs_url(&mut list, "https://sp.example.com/acs/2");
    set_default_acs_url(&mut list, 2);
    remove_acs_url(&mut list, 0);
    apply_edit(&mut a, &edit("acsUrl", SsoValue::AcsUrls(list.clone()))).unwrap();
    let written = a["config"]["acsUrl"]["value"].as_str().unwrap();
    assert_eq!(
        written,
        r#"[{"index":"1","isDefault":"false","url":"https://sp.example.com/acs/1"},{"index":"2","isDefault":"true","url":"https://sp.example.com/acs/2"}]"#
    );
    assert_eq!(
        parse_acs_list(written).unwrap()[1],
        AcsUrl {
            url: "https://sp.example.com/acs/2".into(),
            is_default: true,
            index: Some(2)
        }
    );
    assert_eq!(field(&fields_of(&a), "acsUrl").issue, None);

    // A list with a bad URL or no default is kept and reported; text is refused.
    let mut bad = list.clone();
    bad[0].url = "http://sp.example.com/acs/1".into();
    apply_edit(&mut a, &edit("acsUrl", SsoValue::AcsUrls(bad))).unwrap();
    assert!(field(&fields_of(&a), "acsUrl")
        .issue
        .as_deref()
        .unwrap()
        .contains("https"));
    let before = a.clone();
    assert!(matches!(
        apply_edit(&mut a, &edit("acsUrl", text("https://x"))),
        Err(SsoEditError::WrongType { .. })
    ));
    assert_eq!(a, before);

    // A plain URL stays a plain string, and takes no list.
    let mut plain = app();
    assert!(matches!(
        apply_edit(&mut plain, &edit("acsUrl", SsoValue::AcsUrls(list))),
        Err(SsoEditError::WrongType { .. })
    ));
    apply_edit(
        &mut plain,
        &edit("acsUrl", text("https://sp.example.com/acs/9")),
    )
    .unwrap();
    assert_eq!(
        plain["config"]["acsUrl"]["value"],
        "https://sp.example.com/acs/9"
    );
}

#[test]
fn a_value_untyped_from_the_ui_deserialises_to_its_variant() {
    let v: SsoValue =
        serde_json::from_value(json!([{"url": "https://a", "isDefault": true, "index": null}]))
            .unwrap();
    assert!(matches!(v, SsoValue::AcsUrls(ref l) if l.len() == 1));
    let v: SsoValue = serde_json::from_value(json!("x")).unwrap();
    assert_eq!(v, text("x"));
    let v: SsoValue = serde_json::from_value(json!(true)).unwrap();
    assert_eq!(v, SsoValue::Switch(true));
}
