//! The single sign-on settings of a SAML application, as its own `config` entries describe them
//! (label, type, options, required, readOnly, visible, position), with a check next to each field.
//!
//! Validation reports, it never refuses: a draft keeps whatever the admin typed, and the issue
//! is shown next to the field until it is fixed. Only a read-only field, an entry SSO Desk does
//! not edit (the IdP private key, an object without a scalar `value` such as
//! `authClaimConfiguration`) or a value of the wrong type refuses an edit, and such an edit
//! changes nothing. An edit is written in the entry's own encoding (see [`super::kinds`]).
//!
//! A draft is judged against the copy it started from ([`draft_checks`], [`fields_of_draft`]):
//! only a changed field can block a save; a value JumpCloud holds is kept as it is, with a note
//! when it looks odd (see [`super::checks`]).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::certificate::CertificateInfo;
use super::checks::{check, stored_note};
pub use super::checks::{check_entity_id, check_url, MAX_ENTITY_ID_CHARS};
use super::kinds::{encode, shape_of, Shape};
pub use super::kinds::{SsoFieldKind, SsoValue, NAME_ID_FORMATS, SUBJECT_FIELDS};
pub use super::private_key::{strip_private_key, without_private_key, PRIVATE_KEY};

/// `config` keys that are not SSO settings fields: attribute lists (the attribute editor's) and
/// the IdP certificate (shown as health). Keys named like a private key are never fields either.
const NOT_FIELDS: &[&str] = &["constantAttributes", "databaseAttributes", "idpCertificate"];

/// The fields SSO Desk knows, with their label when the entry gives none, in the portal's order.
/// An entry of a known key is a field even without a value (it starts empty).
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
    ("spErrorFlow", "SP Error Flow"),
    ("includeGroups", "Include group attribute"),
    ("groupsAttributeName", "Group attribute name"),
];

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
    /// What must be fixed before a save; `None` when fine. For a draft ([`fields_of_draft`]),
    /// only a changed field has one.
    pub issue: Option<String>,
    /// Advice that never blocks: a stored value that looks odd, a RelayState past SAML's limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[specta(optional)]
    pub note: Option<String>,
    /// Whether the value is the one JumpCloud held when editing began (the draft's base); `None`
    /// when not known ([`fields_of`] sees one copy only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[specta(optional)]
    pub stored: Option<bool>,
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

/// One field's problem or note, for a review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SsoFieldIssue {
    pub key: String,
    pub label: String,
    pub message: String,
}

/// What a review of a draft shows next to its changes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SsoChecks {
    /// Issues of changed fields: the save waits until they are fixed.
    pub blocking: Vec<SsoFieldIssue>,
    /// Notes: odd values JumpCloud holds (kept as they are) and advice on changed ones.
    pub notes: Vec<SsoFieldIssue>,
}

/// The label SSO Desk gives a known SSO field whose entry has none.
pub fn known_label(key: &str) -> Option<&'static str> {
    KNOWN.iter().find(|(k, _)| *k == key).map(|(_, l)| *l)
}

/// A field of `application` with its shape, before any check.
struct Entry<'a> {
    key: &'a str,
    entry: &'a serde_json::Map<String, Value>,
    shape: Shape,
}

fn entries_of(application: &Value) -> Vec<Entry<'_>> {
    let Some(config) = application.get("config").and_then(Value::as_object) else {
        return Vec::new();
    };
    config
        .iter()
        .filter(|(key, _)| {
            !NOT_FIELDS.contains(&key.as_str()) && !super::private_key::is_private_key_name(key)
        })
        .filter_map(|(key, entry)| {
            let entry = entry.as_object()?;
            let shape = shape_of(key, entry, known_label(key).is_some())?;
            Some(Entry { key, entry, shape })
        })
        .collect()
}

/// The entry's own label, else the known one, else the key ("ACS URLs" for a list).
fn label_of(e: &Entry<'_>) -> String {
    let label = e
        .entry
        .get("label")
        .and_then(Value::as_str)
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .or_else(|| known_label(e.key).map(str::to_owned))
        .unwrap_or_else(|| e.key.to_owned());
    if e.shape.kind == SsoFieldKind::AcsUrls && label == "ACS URL" {
        "ACS URLs".to_owned()
    } else {
        label
    }
}

/// The field of `e`; `stored` is `None` (strict: every value checked as if typed), or whether the
/// value is the stored one (a stored value gets notes, never an issue).
fn field_of(e: Entry<'_>, stored: Option<bool>) -> SsoField {
    let flag = |name: &str, default: bool| {
        e.entry
            .get(name)
            .and_then(Value::as_bool)
            .unwrap_or(default)
    };
    let required = flag("required", false);
    let checked = check(e.key, &e.shape.kind, required, &e.shape.value);
    let (issue, note) = match stored {
        Some(true) => (
            None,
            checked.issue.as_deref().map(stored_note).or(checked.note),
        ),
        _ => (checked.issue, checked.note),
    };
    SsoField {
        label: label_of(&e),
        key: e.key.to_owned(),
        kind: e.shape.kind,
        required,
        read_only: flag("readOnly", false),
        visible: flag("visible", true),
        position: e
            .entry
            .get("position")
            .and_then(Value::as_i64)
            .unwrap_or(i64::MAX / 2),
        value: e.shape.value,
        issue,
        note,
        stored,
        certificate: checked.certificate,
    }
}

fn sorted(mut fields: Vec<SsoField>) -> Vec<SsoField> {
    fields.sort_by(|a, b| a.position.cmp(&b.position).then_with(|| a.key.cmp(&b.key)));
    fields
}

/// The SSO fields of `application`, in position order (then by key), every value checked as if
/// typed. A field whose entry is missing is not shown: the connector does not have it. For a
/// draft, [`fields_of_draft`] accepts the values JumpCloud holds.
pub fn fields_of(application: &Value) -> Vec<SsoField> {
    sorted(
        entries_of(application)
            .into_iter()
            .map(|e| field_of(e, None))
            .collect(),
    )
}

/// The stored `value` of `key` in `base` (what changed is judged on the JSON, not on the shown
/// value, so an encoding change counts as a change).
fn base_value<'a>(base: &'a Value, key: &str) -> Option<&'a Value> {
    base.get("config")?.get(key)?.get("value")
}

/// The fields of a draft `edited` that started from `base`: a field whose value is the one in
/// `base` is `stored` and gets notes only; a changed one is checked as typed.
pub fn fields_of_draft(base: &Value, edited: &Value) -> Vec<SsoField> {
    sorted(
        entries_of(edited)
            .into_iter()
            .map(|e| {
                let now = e.entry.get("value");
                let stored = base
                    .get("config")
                    .and_then(|c| c.get(e.key))
                    .is_some_and(|_| base_value(base, e.key) == now);
                field_of(e, Some(stored))
            })
            .collect(),
    )
}

/// What the review of a draft shows: the issues of changed fields (blocking) and every note.
/// Untouched odd values never block a save.
pub fn draft_checks(base: &Value, edited: &Value) -> SsoChecks {
    let mut checks = SsoChecks::default();
    for f in fields_of_draft(base, edited) {
        let item = |message: String| SsoFieldIssue {
            key: f.key.clone(),
            label: f.label.clone(),
            message,
        };
        if let Some(issue) = &f.issue {
            checks.blocking.push(item(issue.clone()));
        }
        if let Some(note) = &f.note {
            checks.notes.push(item(note.clone()));
        }
    }
    checks
}

/// Applies `edit` to `application`'s config, in the entry's own encoding. A read-only or unknown
/// field, or a value of the wrong type, is refused and nothing changes; a value that fails a
/// check is kept (and shown with its issue). Nothing but the field's `value` is ever written.
pub fn apply_edit(application: &mut Value, edit: &SsoEdit) -> Result<(), SsoEditError> {
    let (shape, label, read_only, current) = {
        let entries = entries_of(application);
        let e = entries
            .into_iter()
            .find(|e| e.key == edit.key)
            .ok_or_else(|| SsoEditError::Unknown(edit.key.clone()))?;
        let current = e.entry.get("value").cloned();
        let read_only = e.entry.get("readOnly").and_then(Value::as_bool) == Some(true);
        let label = label_of(&e);
        (e.shape, label, read_only, current)
    };
    if read_only {
        return Err(SsoEditError::ReadOnly {
            key: edit.key.clone(),
            label,
        });
    }
    let value =
        encode(&shape, current.as_ref(), &edit.value).map_err(|takes| SsoEditError::WrongType {
            key: edit.key.clone(),
            label,
            takes,
        })?;
    if let Some(entry) = application
        .get_mut("config")
        .and_then(|c| c.get_mut(&edit.key))
        .and_then(Value::as_object_mut)
    {
        entry.insert("value".to_owned(), value);
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
#[path = "settings_tests.rs"]
mod tests;
