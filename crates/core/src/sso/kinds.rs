//! What kind of input an SSO field takes, read from the entry itself (its value's JSON type, its
//! declared `type`, its `options`) before anything is assumed from its key, and how an edited
//! value is written back so the entry keeps the encoding it came in: a boolean stays a boolean
//! (or the string `"true"` where it was one), a number a number, a choice stored as an option's
//! integer stays an integer, a list of ACS URLs a list-in-a-string.
//!
//! `options` take three shapes: a list of strings; `[{text, value}]` with string values (the
//! value is what is stored); and `[{text, value}]` with **integer** values, as the v1 spec's
//! `application.config` declares for `subjectField`, `overrideNameIdFormat` and
//! `signatureAlgorithm` (wire-evidence.md). The spec types those fields' `value` as a string, and
//! no public trace shows which of the two is stored (unverified): a stored value that is an
//! option's integer (a number, or its digits as a string) is read as that option and written back
//! as the chosen option's integer, in the same JSON type; any other value is read and written as
//! the option's `text`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::acs::{encode_acs_list, parse_acs_list, AcsUrl};

/// The NameID sources JumpCloud offers ("SSO Application Connector Fields").
pub const SUBJECT_FIELDS: &[&str] = &["email", "username", "firstname", "lastname", "description"];

/// Every SAML NameID format URN: SAML 1.1's, SAML 2.0's own, the 2.0-prefixed spellings of the
/// 1.1 ones that real setups store (a vendor's JumpCloud guide uses `…SAML:2.0:…:unspecified`),
/// and SAML 1.0's `unspecified` (loadsmart's default); see wire-evidence.md.
pub const NAME_ID_FORMATS: &[&str] = &[
    "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
    "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
    "urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName",
    "urn:oasis:names:tc:SAML:1.1:nameid-format:WindowsDomainQualifiedName",
    "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
    "urn:oasis:names:tc:SAML:2.0:nameid-format:transient",
    "urn:oasis:names:tc:SAML:2.0:nameid-format:entity",
    "urn:oasis:names:tc:SAML:2.0:nameid-format:kerberos",
    "urn:oasis:names:tc:SAML:2.0:nameid-format:unspecified",
    "urn:oasis:names:tc:SAML:2.0:nameid-format:emailAddress",
    "urn:oasis:names:tc:SAML:2.0:nameid-format:X509SubjectName",
    "urn:oasis:names:tc:SAML:2.0:nameid-format:WindowsDomainQualifiedName",
    "urn:oasis:names:tc:SAML:1.0:nameid-format:unspecified",
];

/// The signature algorithms JumpCloud documents for SAML responses.
pub const SIGNATURE_ALGORITHMS: &[&str] = &["RSA-SHA256", "RSA-SHA1"];

/// What kind of input a field takes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum SsoFieldKind {
    Text,
    /// An absolute https:// URL (http:// only for this computer).
    Url,
    /// An entity ID: non-empty text without spaces around it, invisible characters or more than
    /// 1,024 characters.
    EntityId,
    /// A certificate: PEM, base64 of the PEM, or bare base64 DER.
    Certificate,
    Boolean,
    /// A number, kept a JSON number.
    Number,
    /// One of `options` (the entry's own, else the known choices); an empty value is allowed
    /// where the field is not required.
    Choice {
        options: Vec<String>,
    },
    /// Several ACS URLs, one the default (a list-in-a-string, see [`super::acs`]).
    AcsUrls,
}

/// A field's value: text, a switch, or a list of ACS URLs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(untagged)]
pub enum SsoValue {
    Switch(bool),
    Text(String),
    AcsUrls(Vec<AcsUrl>),
}

/// How a value is written back into its entry.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Writer {
    String,
    Bool,
    /// A boolean held as `"true"` / `"false"`.
    BoolText,
    Number,
    /// The chosen option's integer, as a JSON number or (`as_text`) its digits in a string.
    OptionInteger {
        options: Vec<(String, i64)>,
        as_text: bool,
    },
    /// A list-in-a-string of ACS URLs, in the style of the current value.
    AcsList,
}

/// A field as its entry describes it: kind, value as shown, and how an edit is written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Shape {
    pub(crate) kind: SsoFieldKind,
    pub(crate) value: SsoValue,
    pub(crate) writer: Writer,
}

/// The options of an entry: (shown text, the integer it stands for, if any).
fn options_of(entry: &Map<String, Value>) -> Vec<(String, Option<i64>)> {
    let Some(list) = entry.get("options").and_then(Value::as_array) else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|o| match o {
            Value::String(s) => Some((s.clone(), None)),
            Value::Number(n) => Some((n.to_string(), None)),
            Value::Object(m) => match (m.get("text").and_then(Value::as_str), m.get("value")) {
                (_, Some(Value::String(v))) => Some((v.clone(), None)),
                (Some(t), Some(Value::Number(n))) => Some((t.to_owned(), n.as_i64())),
                (None, Some(Value::Number(n))) => Some((n.to_string(), None)),
                (Some(t), None | Some(Value::Null)) => Some((t.to_owned(), None)),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// The integer a stored value stands for, when it is one (a number, or digits in a string).
fn integer_of(value: Option<&Value>) -> Option<(i64, bool)> {
    match value? {
        Value::Number(n) => n.as_i64().map(|i| (i, false)),
        Value::String(s) => s.trim().parse().ok().map(|i| (i, true)),
        _ => None,
    }
}

fn known(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

/// The value as text (what a text-like field shows).
fn text_of(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}

/// The shape of the entry `key`, or `None` when it is not a field SSO Desk edits: an entry whose
/// value is a list or an object (the attribute lists, `authClaimConfiguration`'s parts), or an
/// entry without a value whose key SSO Desk does not know (`authClaimConfiguration` itself, an
/// object with no scalar `value` in the v1 spec's PUT example).
pub(crate) fn shape_of(key: &str, entry: &Map<String, Value>, known_key: bool) -> Option<Shape> {
    let value = entry.get("value");
    match value {
        Some(Value::Array(_) | Value::Object(_)) => return None,
        None if !known_key => return None,
        _ => {}
    }
    let declared = entry
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let shape = |kind, value, writer| {
        Some(Shape {
            kind,
            value,
            writer,
        })
    };
    match value {
        Some(Value::Bool(b)) => {
            return shape(SsoFieldKind::Boolean, SsoValue::Switch(*b), Writer::Bool)
        }
        Some(Value::String(s)) if declared == "checkbox" => {
            let on = s.trim().eq_ignore_ascii_case("true");
            return shape(
                SsoFieldKind::Boolean,
                SsoValue::Switch(on),
                Writer::BoolText,
            );
        }
        None | Some(Value::Null) if declared == "checkbox" => {
            return shape(SsoFieldKind::Boolean, SsoValue::Switch(false), Writer::Bool)
        }
        Some(Value::String(s)) if key == "acsUrl" => {
            if let Some(list) = parse_acs_list(s) {
                return shape(
                    SsoFieldKind::AcsUrls,
                    SsoValue::AcsUrls(list),
                    Writer::AcsList,
                );
            }
        }
        _ => {}
    }
    let options = options_of(entry);
    if !options.is_empty() {
        let texts: Vec<String> = options.iter().map(|(t, _)| t.clone()).collect();
        let integers: Vec<(String, i64)> = options
            .iter()
            .filter_map(|(t, i)| i.map(|i| (t.clone(), i)))
            .collect();
        let stored = integer_of(value).and_then(|(i, as_text)| {
            integers
                .iter()
                .find(|(_, n)| *n == i)
                .map(|(t, _)| (t, as_text))
        });
        return match stored {
            Some((text, as_text)) => shape(
                SsoFieldKind::Choice { options: texts },
                SsoValue::Text(text.clone()),
                Writer::OptionInteger {
                    options: integers,
                    as_text,
                },
            ),
            None => shape(
                SsoFieldKind::Choice { options: texts },
                SsoValue::Text(text_of(value)),
                if matches!(value, Some(Value::Number(_))) {
                    Writer::Number
                } else {
                    Writer::String
                },
            ),
        };
    }
    let text = SsoValue::Text(text_of(value));
    let kind = match key {
        "subjectField" => SsoFieldKind::Choice {
            options: known(SUBJECT_FIELDS),
        },
        "overrideNameIdFormat" => SsoFieldKind::Choice {
            options: known(NAME_ID_FORMATS),
        },
        "signatureAlgorithm" => SsoFieldKind::Choice {
            options: known(SIGNATURE_ALGORITHMS),
        },
        "idpEntityId" | "spEntityId" => SsoFieldKind::EntityId,
        "spCertificate" => SsoFieldKind::Certificate,
        // Default RelayState: vendors put a tenant name there, not a URL (wire-evidence.md).
        "defaultTargetUrl" => SsoFieldKind::Text,
        _ if matches!(value, Some(Value::Number(_))) => SsoFieldKind::Number,
        _ if declared == "url" || key.ends_with("Url") || key.ends_with("URL") => SsoFieldKind::Url,
        _ if declared == "file" => SsoFieldKind::Certificate,
        _ => SsoFieldKind::Text,
    };
    let writer = if matches!(value, Some(Value::Number(_))) {
        Writer::Number
    } else {
        Writer::String
    };
    shape(kind, text, writer)
}

/// `edit` as the JSON the entry stores, in the entry's own encoding; `Err` names what the field
/// takes when the edit is of the wrong type.
pub(crate) fn encode(
    shape: &Shape,
    current: Option<&Value>,
    edit: &SsoValue,
) -> Result<Value, &'static str> {
    match (&shape.writer, edit) {
        (Writer::Bool, SsoValue::Switch(b)) => Ok(Value::Bool(*b)),
        (Writer::BoolText, SsoValue::Switch(b)) => Ok(Value::String(b.to_string())),
        (Writer::Bool | Writer::BoolText, _) => Err("on or off"),
        (Writer::AcsList, SsoValue::AcsUrls(list)) => {
            let current = current.and_then(Value::as_str).unwrap_or("[]");
            Ok(Value::String(encode_acs_list(current, list)))
        }
        (Writer::AcsList, _) => Err("a list of ACS URLs"),
        (_, SsoValue::Switch(_) | SsoValue::AcsUrls(_)) => Err("text"),
        (Writer::String, SsoValue::Text(t)) => Ok(Value::String(t.clone())),
        (Writer::Number, SsoValue::Text(t)) => number(t).ok_or("a number"),
        (Writer::OptionInteger { options, as_text }, SsoValue::Text(t)) => {
            match options.iter().find(|(text, _)| text == t) {
                Some((_, i)) if *as_text => Ok(Value::String(i.to_string())),
                Some((_, i)) => Ok(Value::from(*i)),
                // Not one of the options: kept as typed, and its check says so.
                None => Ok(Value::String(t.clone())),
            }
        }
    }
}

fn number(text: &str) -> Option<Value> {
    let t = text.trim();
    if let Ok(i) = t.parse::<i64>() {
        return Some(Value::from(i));
    }
    t.parse::<f64>()
        .ok()
        .and_then(serde_json::Number::from_f64)
        .map(Value::Number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn shape(key: &str, entry: Value) -> Option<Shape> {
        shape_of(key, entry.as_object().unwrap(), true)
    }

    #[test]
    fn options_with_integer_values_make_a_choice_of_their_texts() {
        // The v1 spec's `application.config.signatureAlgorithm.options`: `[{text, value: int}]`.
        let options = json!([{"text": "RSA-SHA256", "value": 0}, {"text": "RSA-SHA1", "value": 1}]);
        let by_text = shape(
            "signatureAlgorithm",
            json!({"type": "select", "options": options, "value": "RSA-SHA1"}),
        )
        .unwrap();
        assert_eq!(
            by_text.kind,
            SsoFieldKind::Choice {
                options: vec!["RSA-SHA256".into(), "RSA-SHA1".into()]
            }
        );
        assert_eq!(by_text.value, SsoValue::Text("RSA-SHA1".into()));
        let edit = SsoValue::Text("RSA-SHA256".into());
        assert_eq!(encode(&by_text, None, &edit), Ok(json!("RSA-SHA256")));

        // Stored as the option's integer: shown as its text, written back as an integer.
        let by_number = shape(
            "signatureAlgorithm",
            json!({"options": options, "value": 1}),
        )
        .unwrap();
        assert_eq!(by_number.value, SsoValue::Text("RSA-SHA1".into()));
        assert_eq!(encode(&by_number, None, &edit), Ok(json!(0)));
        let by_digits = shape("anyChoice", json!({"options": options, "value": "1"})).unwrap();
        assert_eq!(by_digits.value, SsoValue::Text("RSA-SHA1".into()));
        assert_eq!(encode(&by_digits, None, &edit), Ok(json!("0")));

        // String options and `{text, value: "…"}` store the value.
        let plain = shape("x", json!({"options": ["a", "b"], "value": "a"})).unwrap();
        assert!(
            matches!(plain.kind, SsoFieldKind::Choice { ref options } if options == &["a", "b"])
        );
        let pairs = shape(
            "x",
            json!({"options": [{"text": "A", "value": "a"}], "value": "a"}),
        )
        .unwrap();
        assert!(matches!(pairs.kind, SsoFieldKind::Choice { ref options } if options == &["a"]));
    }

    #[test]
    fn kinds_follow_the_json_type_and_writes_keep_it() {
        let b = shape(
            "signAssertion",
            json!({"type": "checkbox", "value": "true"}),
        )
        .unwrap();
        assert_eq!(b.value, SsoValue::Switch(true));
        assert_eq!(
            encode(&b, None, &SsoValue::Switch(false)),
            Ok(json!("false"))
        );
        let n = shape("sessionLength", json!({"type": "text", "value": 3600})).unwrap();
        assert_eq!(n.kind, SsoFieldKind::Number);
        assert_eq!(
            encode(&n, None, &SsoValue::Text("7200".into())),
            Ok(json!(7200))
        );
        assert_eq!(
            encode(&n, None, &SsoValue::Text("soon".into())),
            Err("a number")
        );
        let relay = shape(
            "defaultTargetUrl",
            json!({"type": "text", "value": "acme-tenant"}),
        )
        .unwrap();
        assert_eq!(
            relay.kind,
            SsoFieldKind::Text,
            "Default RelayState is free text"
        );
        let acs = shape(
            "acsUrl",
            json!({"value": "[{\"url\":\"https://a/1\",\"isDefault\":\"true\",\"index\":\"0\"}]"}),
        )
        .unwrap();
        assert_eq!(acs.kind, SsoFieldKind::AcsUrls);
        assert_eq!(
            encode(&acs, None, &SsoValue::Text("https://a".into())),
            Err("a list of ACS URLs")
        );
        let plain = shape("acsUrl", json!({"value": "https://a/1"})).unwrap();
        assert_eq!(plain.kind, SsoFieldKind::Url);
    }

    #[test]
    fn entries_without_a_scalar_value_are_not_fields() {
        let claims = json!({"authnContextMode": {"type": "string", "value": "single"},
            "sendAmrClaim": {"readOnly": true, "type": "string", "value": true},
            "type": "string", "visible": true});
        assert_eq!(
            shape_of("authClaimConfiguration", claims.as_object().unwrap(), false),
            None
        );
        assert_eq!(shape("x", json!({"value": {"a": 1}})), None);
        assert_eq!(shape("x", json!({"value": [1]})), None);
        assert!(shape_of(
            "idpInitUrl",
            json!({"label": "IdP-Initiated URL"}).as_object().unwrap(),
            true
        )
        .is_some());
    }
}
