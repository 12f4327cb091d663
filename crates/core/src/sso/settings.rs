//! The single sign-on settings of a SAML application, as its own `config` entries describe them
//! (label, type, required, readOnly, visible, position), with a check next to each field.
//!
//! Validation reports, it never refuses: a draft keeps whatever the admin typed, and the issue
//! is shown next to the field until it is fixed. Only a read-only field (or one SSO Desk must not
//! touch, such as the IdP private key) refuses an edit.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::certificate::{parse_pem, CertificateInfo};

/// `config` keys that are not SSO settings fields: attribute lists (the attribute editor's) and
/// the IdP key pair (the certificate is shown as health; the private key never leaves the server
/// copy, see [`strip_private_key`]).
const NOT_FIELDS: &[&str] = &[
    "constantAttributes",
    "databaseAttributes",
    "idpCertificate",
    PRIVATE_KEY,
];

/// The config key of the IdP private key.
pub const PRIVATE_KEY: &str = "idpPrivateKey";

/// The fields SSO Desk knows, with their label when the entry gives none, in the portal's order.
const KNOWN: &[(&str, &str)] = &[
    ("idpEntityId", "IdP Entity ID"),
    ("spEntityId", "SP Entity ID"),
    ("acsUrl", "ACS URL"),
    ("spCertificate", "SP Certificate"),
    ("subjectField", "SAMLSubject NameID"),
    ("overrideNameIdFormat", "SAMLSubject NameID Format"),
    ("signatureAlgorithm", "Signature Algorithm"),
    ("signAssertion", "Sign Assertion"),
    ("signResponse", "Sign Response"),
    ("loginUrl", "Login URL"),
    ("idpInitUrl", "IdP-Initiated URL"),
    ("defaultTargetUrl", "Default RelayState"),
    ("declareRedirectEndpoint", "Declare Redirect Endpoint"),
];

/// The NameID sources JumpCloud offers.
pub const SUBJECT_FIELDS: &[&str] = &["email", "username", "firstname", "lastname", "description"];

const NAME_ID_FORMATS: &[&str] = &[
    "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
    "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
    "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
    "urn:oasis:names:tc:SAML:2.0:nameid-format:transient",
];

const SIGNATURE_ALGORITHMS: &[&str] = &["RSA-SHA256", "RSA-SHA1"];

/// What kind of input a field takes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum SsoFieldKind {
    Text,
    /// An absolute https:// URL (http:// only for this computer).
    Url,
    /// An entity ID: any non-empty text without spaces around it.
    EntityId,
    /// A PEM certificate.
    Certificate,
    Boolean,
    /// One of `options` (the entry's own, else the known choices); an empty value is allowed
    /// where the field is not required.
    Choice {
        options: Vec<String>,
    },
}

/// A field's value: text or a switch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(untagged)]
pub enum SsoValue {
    Switch(bool),
    Text(String),
}

impl SsoValue {
    fn to_json(&self) -> Value {
        match self {
            SsoValue::Switch(b) => Value::Bool(*b),
            SsoValue::Text(t) => Value::String(t.clone()),
        }
    }
}

/// One field of the SSO settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SsoField {
    /// The `config` key.
    pub key: String,
    pub label: String,
    pub kind: SsoFieldKind,
    pub required: bool,
    pub read_only: bool,
    pub visible: bool,
    #[specta(type = i32)]
    pub position: i64,
    pub value: SsoValue,
    /// What is wrong with the value, shown next to the field; `None` when fine.
    pub issue: Option<String>,
    /// For a certificate field holding a readable certificate: what it says.
    pub certificate: Option<CertificateInfo>,
}

/// An edit of one field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SsoEdit {
    pub key: String,
    pub value: SsoValue,
}

/// Why an edit was refused (the draft is unchanged).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SsoEditError {
    #[error("{0} is not a single sign-on setting of this application")]
    Unknown(String),
    #[error("{label} is read-only for this connector")]
    ReadOnly { key: String, label: String },
    #[error("{label} takes {takes}")]
    WrongType {
        key: String,
        label: String,
        takes: &'static str,
    },
}

impl SsoEditError {
    pub fn key(&self) -> &str {
        match self {
            SsoEditError::Unknown(key)
            | SsoEditError::ReadOnly { key, .. }
            | SsoEditError::WrongType { key, .. } => key,
        }
    }
}

/// Whether an object key names a private key (`idpPrivateKey`, in any case or prefix): what no
/// copy SSO Desk keeps, shows or records may hold.
pub fn is_private_key_name(key: &str) -> bool {
    key.to_ascii_lowercase().contains("privatekey")
}

/// Removes the IdP private key's value from `application` (a copy SSO Desk keeps or returns),
/// wherever it sits: any key that [`is_private_key_name`], at any depth (a draft holds the
/// application more than once, and a future copy may nest it further). An entry that is an object
/// keeps its metadata and loses only `value`; anything else under such a key goes entirely. A
/// save merges the admin's changes onto the server's fresh copy, so a copy without the key never
/// removes it on the server: an untouched key stays as JumpCloud holds it.
pub fn strip_private_key(application: &mut Value) {
    match application {
        Value::Object(map) => {
            map.retain(|key, value| !is_private_key_name(key) || value.is_object());
            for (key, value) in map.iter_mut() {
                if is_private_key_name(key) {
                    if let Some(entry) = value.as_object_mut() {
                        entry.shift_remove("value");
                    }
                }
                strip_private_key(value);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(strip_private_key),
        _ => {}
    }
}

/// [`strip_private_key`] on an owned value.
pub fn without_private_key(mut application: Value) -> Value {
    strip_private_key(&mut application);
    application
}

/// The label SSO Desk gives a known SSO field whose entry has none.
pub fn known_label(key: &str) -> Option<&'static str> {
    KNOWN.iter().find(|(k, _)| *k == key).map(|(_, l)| *l)
}

fn kind_of(key: &str, entry: &Map<String, Value>) -> SsoFieldKind {
    let declared = entry
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let options: Vec<String> = entry
        .get("options")
        .and_then(Value::as_array)
        .map(|o| {
            o.iter()
                .filter_map(|v| {
                    v.as_str()
                        .or_else(|| v.get("value").and_then(Value::as_str))
                        .map(str::to_owned)
                })
                .collect()
        })
        .unwrap_or_default();
    let known = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect();
    if entry.get("value").is_some_and(Value::is_boolean) || declared == "checkbox" {
        return SsoFieldKind::Boolean;
    }
    match key {
        "subjectField" => SsoFieldKind::Choice {
            options: if options.is_empty() {
                known(SUBJECT_FIELDS)
            } else {
                options
            },
        },
        "overrideNameIdFormat" => SsoFieldKind::Choice {
            options: if options.is_empty() {
                known(NAME_ID_FORMATS)
            } else {
                options
            },
        },
        "signatureAlgorithm" => SsoFieldKind::Choice {
            options: if options.is_empty() {
                known(SIGNATURE_ALGORITHMS)
            } else {
                options
            },
        },
        "idpEntityId" | "spEntityId" => SsoFieldKind::EntityId,
        "spCertificate" => SsoFieldKind::Certificate,
        _ if !options.is_empty() => SsoFieldKind::Choice { options },
        _ if declared == "url" || key.ends_with("Url") || key.ends_with("URL") => SsoFieldKind::Url,
        _ if declared == "file" => SsoFieldKind::Certificate,
        _ => SsoFieldKind::Text,
    }
}

/// Whether `host` is this computer.
fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Checks a URL: absolute https:// (http:// only for loopback). `None` when fine.
pub fn check_url(text: &str) -> Option<String> {
    if text != text.trim() {
        return Some("remove the spaces around the URL".to_owned());
    }
    let Ok(url) = url::Url::parse(text) else {
        return Some("enter an absolute URL, such as https://sp.example.com/saml/acs".to_owned());
    };
    match url.scheme() {
        "https" if url.host().is_some() => None,
        "http" if is_loopback(&url) => None,
        "http" => Some("use https:// (http:// is allowed only for localhost)".to_owned()),
        _ => Some("enter an https:// URL".to_owned()),
    }
}

/// Checks an entity ID: non-empty, no spaces around it. `None` when fine.
pub fn check_entity_id(text: &str) -> Option<String> {
    if text.trim().is_empty() {
        Some("enter an entity ID".to_owned())
    } else if text != text.trim() {
        Some("remove the spaces around the entity ID".to_owned())
    } else {
        None
    }
}

/// The issue of `value` in a field of `kind`, and the certificate it holds when it is one.
fn check(
    kind: &SsoFieldKind,
    required: bool,
    value: &SsoValue,
) -> (Option<String>, Option<CertificateInfo>) {
    let text = match value {
        SsoValue::Switch(_) => return (None, None),
        SsoValue::Text(t) => t.as_str(),
    };
    if text.trim().is_empty() {
        let issue = required.then(|| "this field is required".to_owned());
        return (issue, None);
    }
    match kind {
        SsoFieldKind::Url => (check_url(text), None),
        SsoFieldKind::EntityId => (check_entity_id(text), None),
        SsoFieldKind::Certificate => match parse_pem(text) {
            Ok(info) => (None, Some(info)),
            Err(e) => (Some(e), None),
        },
        SsoFieldKind::Choice { options } if !options.iter().any(|o| o == text) => {
            (Some(format!("choose one of: {}", options.join(", "))), None)
        }
        _ => (None, None),
    }
}

/// The SSO fields of `application`, in position order (then by key). A field whose entry is
/// missing is not shown: the connector does not have it.
pub fn fields_of(application: &Value) -> Vec<SsoField> {
    let Some(config) = application.get("config").and_then(Value::as_object) else {
        return Vec::new();
    };
    let mut fields: Vec<SsoField> = config
        .iter()
        .filter(|(key, _)| !NOT_FIELDS.contains(&key.as_str()))
        .filter_map(|(key, entry)| {
            let entry = entry.as_object()?;
            let value = match entry.get("value") {
                Some(Value::Bool(b)) => SsoValue::Switch(*b),
                Some(Value::String(s)) => SsoValue::Text(s.clone()),
                Some(Value::Number(n)) => SsoValue::Text(n.to_string()),
                None | Some(Value::Null) => SsoValue::Text(String::new()),
                // Lists and objects belong to other editors (attributes and the like).
                Some(_) => return None,
            };
            let flag = |name: &str, default: bool| {
                entry.get(name).and_then(Value::as_bool).unwrap_or(default)
            };
            let kind = kind_of(key, entry);
            let value = match (&kind, value) {
                (SsoFieldKind::Boolean, SsoValue::Text(t)) => SsoValue::Switch(t == "true"),
                (_, v) => v,
            };
            let required = flag("required", false);
            let (issue, certificate) = check(&kind, required, &value);
            Some(SsoField {
                label: entry
                    .get("label")
                    .and_then(Value::as_str)
                    .filter(|l| !l.trim().is_empty())
                    .map(str::to_owned)
                    .or_else(|| known_label(key).map(str::to_owned))
                    .unwrap_or_else(|| key.clone()),
                key: key.clone(),
                kind,
                required,
                read_only: flag("readOnly", false),
                visible: flag("visible", true),
                position: entry
                    .get("position")
                    .and_then(Value::as_i64)
                    .unwrap_or(i64::MAX / 2),
                value,
                issue,
                certificate,
            })
        })
        .collect();
    fields.sort_by(|a, b| a.position.cmp(&b.position).then_with(|| a.key.cmp(&b.key)));
    fields
}

/// Applies `edit` to `application`'s config. A read-only or unknown field, or a value of the
/// wrong type, is refused and nothing changes; a value that fails a check is kept (and shown
/// with its issue).
pub fn apply_edit(application: &mut Value, edit: &SsoEdit) -> Result<(), SsoEditError> {
    let fields = fields_of(application);
    let field = fields
        .iter()
        .find(|f| f.key == edit.key)
        .ok_or_else(|| SsoEditError::Unknown(edit.key.clone()))?;
    if field.read_only {
        return Err(SsoEditError::ReadOnly {
            key: field.key.clone(),
            label: field.label.clone(),
        });
    }
    match (&field.kind, &edit.value) {
        (SsoFieldKind::Boolean, SsoValue::Text(_)) => {
            return Err(SsoEditError::WrongType {
                key: field.key.clone(),
                label: field.label.clone(),
                takes: "on or off",
            });
        }
        (k, SsoValue::Switch(_)) if *k != SsoFieldKind::Boolean => {
            return Err(SsoEditError::WrongType {
                key: field.key.clone(),
                label: field.label.clone(),
                takes: "text",
            });
        }
        _ => {}
    }
    if let Some(entry) = application
        .get_mut("config")
        .and_then(|c| c.get_mut(&edit.key))
        .and_then(Value::as_object_mut)
    {
        entry.insert("value".to_owned(), edit.value.to_json());
    }
    Ok(())
}

/// Every field's issue, as (key, issue).
pub fn issues_of(fields: &[SsoField]) -> Vec<(String, String)> {
    fields
        .iter()
        .filter_map(|f| f.issue.clone().map(|i| (f.key.clone(), i)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
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
    }

    #[test]
    fn urls_must_be_absolute_https_except_for_loopback() {
        assert_eq!(check_url("https://sp.example.com/acs"), None);
        assert_eq!(check_url("http://localhost:8080/acs"), None);
        assert_eq!(check_url("http://127.0.0.1/acs"), None);
        assert_eq!(check_url("http://[::1]/acs"), None);
        assert!(check_url("http://sp.example.com/acs")
            .unwrap()
            .contains("https"));
        assert!(check_url("/saml/acs").unwrap().contains("absolute"));
        assert!(check_url("ftp://x/y").is_some());
        assert!(check_url(" https://sp.example.com")
            .unwrap()
            .contains("spaces"));
        assert_eq!(check_entity_id("urn:x"), None);
        assert!(check_entity_id("  ").is_some());
        assert!(check_entity_id(" urn:x").unwrap().contains("spaces"));
    }

    #[test]
    fn an_invalid_value_is_kept_and_reported_next_to_its_field() {
        let mut a = app();
        let bad = SsoEdit {
            key: "acsUrl".into(),
            value: SsoValue::Text("http://sp.example.com/acs".into()),
        };
        apply_edit(&mut a, &bad).unwrap();
        assert_eq!(a["config"]["acsUrl"]["value"], "http://sp.example.com/acs");
        let f = fields_of(&a);
        let acs = f.iter().find(|f| f.key == "acsUrl").unwrap();
        assert!(acs.issue.as_deref().unwrap().contains("https"));

        let cert = SsoEdit {
            key: "spCertificate".into(),
            value: SsoValue::Text("not a certificate".into()),
        };
        apply_edit(&mut a, &cert).unwrap();
        let f = fields_of(&a);
        assert!(f
            .iter()
            .any(|f| f.key == "spCertificate" && f.issue.is_some()));
        apply_edit(
            &mut a,
            &SsoEdit {
                key: "spCertificate".into(),
                value: SsoValue::Text(SP_CERT.into()),
            },
        )
        .unwrap();
        let f = fields_of(&a);
        let c = f.iter().find(|f| f.key == "spCertificate").unwrap();
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
        let e = |key: &str, value: SsoValue| SsoEdit {
            key: key.into(),
            value,
        };
        let t = |s: &str| SsoValue::Text(s.into());
        assert!(matches!(
            apply_edit(&mut a, &e("idpEntityId", t("x"))),
            Err(SsoEditError::ReadOnly { .. })
        ));
        assert!(matches!(
            apply_edit(&mut a, &e("idpPrivateKey", t("x"))),
            Err(SsoEditError::Unknown(_))
        ));
        assert!(matches!(
            apply_edit(&mut a, &e("nope", t("x"))),
            Err(SsoEditError::Unknown(_))
        ));
        assert!(matches!(
            apply_edit(&mut a, &e("signAssertion", t("yes"))),
            Err(SsoEditError::WrongType { .. })
        ));
        assert_eq!(a, before);
        apply_edit(&mut a, &e("signAssertion", SsoValue::Switch(true))).unwrap();
        assert_eq!(a["config"]["signAssertion"]["value"], true);
    }

    #[test]
    fn stripping_removes_only_the_private_key_value() {
        let a = without_private_key(app());
        assert!(a["config"]["idpPrivateKey"].get("value").is_none());
        assert_eq!(a["config"]["idpPrivateKey"]["label"], "IdP Private Key");
        assert!(!a.to_string().contains("SECRET"));
    }
}
