//! The shapes of real objects the sample applications after the ordinary ones hold
//! (`shared/jumpcloud-api/wire-evidence.md`), written over an application seeded as usual.

use serde_json::{json, Value};

use crate::sample;

/// The shapes of real objects the applications after the ordinary ones show.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// A vendor's setup guide: NameID format `…SAML:2.0:nameid-format:unspecified` (which the
    /// connector's options do not list), a tenant name as Default RelayState (wire-evidence.md).
    Tenant,
    /// A custom SAML application with several ACS URLs as a JSON list inside the string
    /// `acsUrl.value`, `index` and `isDefault` as strings (loadsmart's client writes it so).
    MultiAcs,
    /// `idpCertificate.value` as base64 of the PEM text (loadsmart's client reads it so).
    Base64Certificate,
}

pub(crate) fn shaped(app: &mut Value, shape: Shape) {
    let Some(config) = app.get_mut("config").and_then(Value::as_object_mut) else {
        return;
    };
    let mut set = |key: &str, value: Value| {
        if let Some(entry) = config.get_mut(key).and_then(Value::as_object_mut) {
            entry.insert("value".into(), value);
        }
    };
    match shape {
        Shape::Tenant => {
            set(
                "overrideNameIdFormat",
                json!(sample::TENANT_APP_NAME_ID_FORMAT),
            );
            set("defaultTargetUrl", json!(sample::TENANT_APP_RELAY_STATE));
        }
        Shape::MultiAcs => {
            let list = json!([
                {"index": "0", "isDefault": "false", "url": "https://partners.example.com/saml/acs"},
                {"index": "1", "isDefault": "true", "url": "https://eu.partners.example.com/saml/acs"},
                {"index": "2", "isDefault": "false", "url": "https://partners.example.com/saml/acs/legacy"},
            ]);
            set("acsUrl", Value::String(list.to_string()));
            set(
                "spEntityId",
                json!("https://partners.example.com/saml/metadata"),
            );
        }
        Shape::Base64Certificate => {
            use base64::Engine;
            let pem = config
                .get("idpCertificate")
                .and_then(|e| e.get("value"))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            let encoded = base64::engine::general_purpose::STANDARD.encode(pem);
            if let Some(entry) = config
                .get_mut("idpCertificate")
                .and_then(Value::as_object_mut)
            {
                entry.insert("value".into(), Value::String(encoded));
            }
        }
    }
}
