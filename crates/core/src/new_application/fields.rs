//! The SSO form a template declares in its `config`, and the checks of one field.
//!
//! Each form field is a `config` entry shaped like the spec's `application.config` items:
//! `{label, type, required, readOnly, visible, position, value}`. The attribute lists
//! (`databaseAttributes`, `constantAttributes`) are not form fields: the User attributes step
//! edits them as rows. A field is a URL when its type is `url` or its key ends in `Url`/`URL`
//! (`acsUrl`, `loginUrl`): those must be `https` URLs, since a plain-http endpoint would carry
//! the signed assertion in the clear.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{FieldIssue, FieldIssueCode};
use crate::attributes::AttributeList;

/// One field of the SSO form, as the workflow renders it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ConfigField {
    /// The key under `config`, e.g. `acsUrl`.
    pub key: String,
    /// `label`, else the key.
    pub label: String,
    /// `type` as the template says (`text`, `url`, `file`, ...); `text` when absent.
    pub kind: String,
    pub required: bool,
    pub read_only: bool,
    pub visible: bool,
    pub position: Option<i32>,
    /// Must be an `https` URL (see the module notes).
    pub url: bool,
    /// The template's value as text (empty when it has none or it is not a scalar).
    pub value: String,
}

/// Whether the field `key` of type `kind` holds a URL.
pub fn is_url_field(key: &str, kind: &str) -> bool {
    kind.eq_ignore_ascii_case("url") || key.ends_with("Url") || key.ends_with("URL")
}

/// The form fields of a template's `config`, in `position` order, then by key.
pub fn config_fields(config: &Value) -> Vec<ConfigField> {
    let Some(map) = config.as_object() else {
        return Vec::new();
    };
    let lists = AttributeList::ALL.map(AttributeList::key);
    let mut fields: Vec<ConfigField> = map
        .iter()
        .filter(|(key, _)| !lists.contains(&key.as_str()))
        // The group attribute is a row of the User attributes step ("Send user groups").
        .filter(|(key, _)| !matches!(key.as_str(), "includeGroups" | "groupsAttributeName"))
        .filter_map(|(key, entry)| {
            let entry = entry.as_object()?;
            let kind = entry
                .get("type")
                .and_then(Value::as_str)
                .unwrap_or("text")
                .to_owned();
            // Lists and objects are not typed in; they stay as the template has them. That
            // includes a group of settings with no `value` of its own (`authClaimConfiguration`
            // in the v1 spec's PUT example), which a form field would write a `value` into.
            let group = entry.get("value").is_none()
                && entry
                    .values()
                    .any(|v| v.as_object().is_some_and(|o| o.contains_key("value")));
            if kind == "list"
                || group
                || matches!(entry.get("value"), Some(Value::Array(_) | Value::Object(_)))
            {
                return None;
            }
            let flag = |name: &str, default: bool| {
                entry.get(name).and_then(Value::as_bool).unwrap_or(default)
            };
            let value = match entry.get("value") {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Number(n)) => n.to_string(),
                Some(Value::Bool(b)) => b.to_string(),
                _ => String::new(),
            };
            Some(ConfigField {
                key: key.clone(),
                label: entry
                    .get("label")
                    .and_then(Value::as_str)
                    .filter(|l| !l.trim().is_empty())
                    .unwrap_or(key)
                    .to_owned(),
                url: is_url_field(key, &kind),
                kind,
                required: flag("required", false),
                read_only: flag("readOnly", false),
                visible: flag("visible", true),
                position: entry
                    .get("position")
                    .and_then(Value::as_i64)
                    .and_then(|p| i32::try_from(p).ok()),
                value,
            })
        })
        .collect();
    fields.sort_by(|a, b| {
        (a.position.is_none(), a.position, &a.key).cmp(&(b.position.is_none(), b.position, &b.key))
    });
    fields
}

/// What is wrong with `value` typed into `field`, if anything.
pub(super) fn check_value(field: &ConfigField, value: &str) -> Option<FieldIssue> {
    let issue = |code, message: String| {
        Some(FieldIssue {
            field: field.key.clone(),
            code,
            message,
        })
    };
    let text = value.trim();
    if text.is_empty() {
        return if field.required {
            issue(
                FieldIssueCode::Required,
                format!("{} is required.", field.label),
            )
        } else {
            None
        };
    }
    if !field.url {
        return None;
    }
    match url::Url::parse(text) {
        Ok(url) if url.scheme() == "https" && url.host_str().is_some_and(|h| !h.is_empty()) => None,
        Ok(url) if url.scheme() == "http" => issue(
            FieldIssueCode::NotHttps,
            format!("{} must start with https://.", field.label),
        ),
        _ => issue(
            FieldIssueCode::NotAUrl,
            format!(
                "{} must be an https URL, like https://example.com/saml.",
                field.label
            ),
        ),
    }
}
