//! What an SP metadata import changes in an application's settings: the edits to apply, each in
//! the shape the application already uses, and what the metadata asks for that the connector
//! cannot take. One function ([`metadata_edits`]) so the desk applies edits and never decides.
//!
//! - SP entity ID: the metadata's `entityID`.
//! - ACS: a plain field takes the default HTTP-POST endpoint; a list (several ACS URLs in one
//!   string, see [`super::acs`]) takes every HTTP-POST endpoint, with its index, the default one
//!   marked.
//! - SP certificate: the signing certificate, written in the encoding the field already uses
//!   ([`certificate_value_like`]).
//! - NameID format: the first `<NameIDFormat>` of the metadata that is one of the connector's
//!   choices.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::acs::AcsUrl;
use super::certificate::certificate_value_like;
use super::kinds::{SsoFieldKind, SsoValue};
use super::metadata::SpMetadata;
use super::settings::{fields_of, SsoEdit, SsoField};

/// What an import changes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MetadataEdits {
    /// To apply in order with `settings::apply_edit` (which may still refuse a read-only field).
    pub edits: Vec<SsoEdit>,
    /// What the metadata says that the connector cannot take, in words.
    pub not_applied: Vec<String>,
}

/// Every HTTP-POST endpoint of `metadata` as ACS list entries, in the file's order, each URL
/// once; the one the metadata makes the default ([`SpMetadata::acs_url`]) is the one default.
pub fn acs_urls_from_metadata(metadata: &SpMetadata) -> Vec<AcsUrl> {
    let mut out: Vec<AcsUrl> = Vec::new();
    for consumer in metadata.post_consumers() {
        if out.iter().any(|e| e.url == consumer.location) {
            continue;
        }
        let index = consumer
            .index
            .filter(|i| !out.iter().any(|e| e.index == Some(*i)));
        out.push(AcsUrl {
            url: consumer.location.clone(),
            is_default: false,
            index,
        });
    }
    if let Some(default) = out.iter_mut().find(|e| e.url == metadata.acs_url) {
        default.is_default = true;
    } else if let Some(first) = out.first_mut() {
        first.is_default = true;
    }
    out
}

fn choices(field: &SsoField) -> &[String] {
    match &field.kind {
        SsoFieldKind::Choice { options } => options,
        _ => &[],
    }
}

/// The NameID format the import proposes: the first of the metadata's `<NameIDFormat>`s that the
/// application's `overrideNameIdFormat` field offers. `None` when there is no such field or no
/// format matches.
pub fn proposed_name_id_format(application: &Value, metadata: &SpMetadata) -> Option<String> {
    let fields = fields_of(application);
    let field = fields.iter().find(|f| f.key == "overrideNameIdFormat")?;
    metadata
        .name_id_formats
        .iter()
        .find(|f| choices(field).contains(f))
        .cloned()
}

/// The edits an import of `metadata` makes to `application`, and what it cannot apply.
pub fn metadata_edits(application: &Value, metadata: &SpMetadata) -> MetadataEdits {
    let fields = fields_of(application);
    let find = |key: &str| fields.iter().find(|f| f.key == key);
    let mut out = MetadataEdits::default();
    let mut edit = |key: &str, value: SsoValue| {
        out.edits.push(SsoEdit {
            key: key.to_owned(),
            value,
        })
    };
    edit("spEntityId", SsoValue::Text(metadata.entity_id.clone()));
    let posts = metadata.post_consumers().len();
    match find("acsUrl").map(|f| &f.kind) {
        Some(SsoFieldKind::AcsUrls) => edit(
            "acsUrl",
            SsoValue::AcsUrls(acs_urls_from_metadata(metadata)),
        ),
        _ => {
            edit("acsUrl", SsoValue::Text(metadata.acs_url.clone()));
            if posts > 1 {
                out.not_applied.push(format!(
                    "the metadata lists {posts} HTTP-POST ACS URLs; this connector takes one, so \
                     the default one ({}) is used",
                    metadata.acs_url
                ));
            }
        }
    }
    if let Some(certificate) = &metadata.signing_certificate {
        let current = match find("spCertificate").map(|f| &f.value) {
            Some(SsoValue::Text(t)) => t.clone(),
            _ => String::new(),
        };
        match certificate_value_like(&current, certificate) {
            Ok(value) => edit("spCertificate", SsoValue::Text(value)),
            Err(e) => out
                .not_applied
                .push(format!("the signing certificate: {e}")),
        }
    }
    if !metadata.name_id_formats.is_empty() {
        match (
            find("overrideNameIdFormat"),
            proposed_name_id_format(application, metadata),
        ) {
            (_, Some(format)) => edit("overrideNameIdFormat", SsoValue::Text(format)),
            (Some(_), None) => out.not_applied.push(format!(
                "the metadata asks for the NameID format {}, which this connector does not offer",
                metadata.name_id_formats.join(" or ")
            )),
            (None, None) => out.not_applied.push(format!(
                "the metadata asks for the NameID format {}; this connector has no NameID format \
                 setting",
                metadata.name_id_formats.join(" or ")
            )),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sso::acs::parse_acs_list;
    use crate::sso::certificate::{encoding_of, CertificateEncoding};
    use crate::sso::metadata::parse_sp_metadata;
    use crate::sso::metadata::tests::prefixed;
    use crate::sso::settings::apply_edit;
    use serde_json::json;

    fn metadata() -> SpMetadata {
        parse_sp_metadata(prefixed().as_bytes()).unwrap()
    }

    fn name_id_field() -> Value {
        json!({"label": "SAMLSubject NameID Format", "type": "select", "options": [
            {"text": "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified", "value": 0},
            {"text": "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent", "value": 1}],
            "value": "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"})
    }

    fn apply(app: &mut Value, edits: &MetadataEdits) {
        for e in &edits.edits {
            apply_edit(app, e).unwrap_or_else(|err| panic!("{e:?}: {err}"));
        }
    }

    #[test]
    fn a_list_application_takes_every_post_endpoint_with_the_default_marked() {
        let list =
            "[{\"index\":\"0\",\"isDefault\":\"true\",\"url\":\"https://old.example.com/acs\"}]";
        let mut app = json!({"config": {
            "acsUrl": {"label": "ACS URL", "type": "text", "value": list},
            "spEntityId": {"type": "text", "value": "urn:old"},
            "spCertificate": {"type": "file", "value": ""},
            "overrideNameIdFormat": name_id_field(),
        }});
        let edits = metadata_edits(&app, &metadata());
        assert_eq!(edits.not_applied, Vec::<String>::new());
        apply(&mut app, &edits);
        let written = app["config"]["acsUrl"]["value"].as_str().unwrap();
        assert_eq!(
            written,
            r#"[{"index":"1","isDefault":"false","url":"https://sp.example.com/acs/1"},{"index":"2","isDefault":"true","url":"https://sp.example.com/acs/2"}]"#,
            "every HTTP-POST endpoint, in the list's own encoding"
        );
        assert_eq!(parse_acs_list(written).unwrap().len(), 2);
        assert_eq!(
            app["config"]["spEntityId"]["value"],
            "https://sp.example.com/saml"
        );
        assert_eq!(
            app["config"]["overrideNameIdFormat"]["value"],
            "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
            "the metadata's persistent format, written as the field holds its choice (the text)"
        );
    }

    #[test]
    fn a_plain_application_takes_the_default_and_says_what_it_left() {
        let of_pem = base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            crate::sso::certificate::tests::SP_CERT,
        );
        let mut app = json!({"config": {
            "acsUrl": {"type": "text", "value": "https://old.example.com/acs"},
            "spEntityId": {"type": "text", "value": "urn:old"},
            "spCertificate": {"type": "file", "value": of_pem},
        }});
        let edits = metadata_edits(&app, &metadata());
        assert_eq!(edits.not_applied.len(), 2, "{:?}", edits.not_applied);
        assert!(edits.not_applied[0].contains("2 HTTP-POST ACS URLs"));
        assert!(edits.not_applied[1].contains("no NameID format setting"));
        apply(&mut app, &edits);
        assert_eq!(
            app["config"]["acsUrl"]["value"],
            "https://sp.example.com/acs/2"
        );
        let cert = app["config"]["spCertificate"]["value"].as_str().unwrap();
        assert_eq!(
            encoding_of(cert),
            Some(CertificateEncoding::Base64Pem),
            "the SP certificate keeps the field's encoding"
        );
    }

    #[test]
    fn a_format_the_connector_does_not_offer_is_named() {
        let mut field = name_id_field();
        field["options"] =
            json!([{"text": "urn:oasis:names:tc:SAML:2.0:nameid-format:transient", "value": 0}]);
        let app = json!({"config": {"overrideNameIdFormat": field}});
        assert_eq!(proposed_name_id_format(&app, &metadata()), None);
        let edits = metadata_edits(&app, &metadata());
        assert!(edits.edits.iter().all(|e| e.key != "overrideNameIdFormat"));
        assert!(edits
            .not_applied
            .iter()
            .any(|n| n.contains("does not offer")));
    }
}
