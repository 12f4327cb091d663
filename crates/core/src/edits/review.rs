//! "Review changes", for every kind of edit: each field a save changes, with its label and both
//! values, and what blocks the save. The UI renders one shape for the User attributes tab, the
//! Single sign-on tab and the create workflow.
//!
//! Rows come from the field-level diff ([`super::json_diff::diff`]), with two adjustments for
//! people: a list of named entries (the attribute lists) whose length changed is compared entry
//! by entry, by name, instead of as one change of the whole list; and nothing under a private key
//! is ever listed.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::change_log::is_secret;
use super::json_diff::{diff, FieldChange, PathSegment};
use super::labels::label_of;

/// One field a save changes (or a read-back found different), as the admin reads it. `before`
/// is `None` when the field is added, `after` when it is removed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReviewChange {
    /// Where the field is in the application's JSON (kept for the curious, never shown alone).
    pub path: Vec<PathSegment>,
    /// What the admin calls it: "ACS URL", "User attribute email", "Active".
    pub label: String,
    // Any JSON: the UI renders it as text (TypeScript `unknown`).
    #[specta(type = Option<specta_typescript::Unknown>)]
    pub before: Option<Value>,
    // Any JSON: the UI renders it as text (TypeScript `unknown`).
    #[specta(type = Option<specta_typescript::Unknown>)]
    pub after: Option<Value>,
}

/// Something that must be fixed before a save, named by the field it concerns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReviewIssue {
    pub label: String,
    pub message: String,
}

/// What a save would change, and what must be fixed first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Review {
    pub changes: Vec<ReviewChange>,
    /// What blocks the save; empty when nothing does.
    pub issues: Vec<ReviewIssue>,
    /// Something changed and nothing blocks the save.
    pub can_save: bool,
}

/// `change` labelled from the copies it lies in: `after` for a field that is there after,
/// `before` for one that is gone.
fn labelled(change: FieldChange, before: &Value, after: &Value) -> ReviewChange {
    let label = if change.after.is_some() {
        label_of(&[after, before], &change.path)
    } else {
        label_of(&[before], &change.path)
    };
    ReviewChange {
        label,
        path: change.path,
        before: change.before,
        after: change.after,
    }
}

/// Field changes (a read-back's differences, say) labelled, without any under a private key.
pub fn label_changes(
    changes: Vec<FieldChange>,
    before: &Value,
    after: &Value,
) -> Vec<ReviewChange> {
    changes
        .into_iter()
        .filter(|c| !is_secret(&c.path))
        .map(|c| labelled(c, before, after))
        .collect()
}

/// The name of a list entry, when it is an object with a name.
fn name_of(entry: &Value) -> Option<&str> {
    entry.get("name").and_then(Value::as_str)
}

/// A list whose entries all have distinct names.
fn named(list: &[Value]) -> bool {
    let names: Vec<&str> = list.iter().filter_map(name_of).collect();
    names.len() == list.len()
        && names
            .iter()
            .enumerate()
            .all(|(i, n)| !names[..i].contains(n))
}

/// A whole-list change split into entries, matched by name: each entry added, removed or
/// changed, at its index in the list it is in.
fn by_entry(change: &FieldChange) -> Option<Vec<FieldChange>> {
    let (Some(Value::Array(old)), Some(Value::Array(new))) = (&change.before, &change.after) else {
        return None;
    };
    if !named(old) || !named(new) {
        return None;
    }
    let at = |i: usize| {
        let mut p = change.path.clone();
        p.push(PathSegment::Index(i));
        p
    };
    let find = |list: &[Value], name: Option<&str>| list.iter().position(|e| name_of(e) == name);
    let mut out = Vec::new();
    for (i, entry) in old.iter().enumerate() {
        match find(new, name_of(entry)) {
            None => out.push(FieldChange {
                path: at(i),
                before: Some(entry.clone()),
                after: None,
            }),
            Some(j) if new[j] != *entry => out.push(FieldChange {
                path: at(j),
                before: Some(entry.clone()),
                after: Some(new[j].clone()),
            }),
            Some(_) => {}
        }
    }
    for (j, entry) in new.iter().enumerate() {
        if find(old, name_of(entry)).is_none() {
            out.push(FieldChange {
                path: at(j),
                before: None,
                after: Some(entry.clone()),
            });
        }
    }
    Some(out)
}

/// Every field that differs from `before` to `after`, labelled; see the module notes.
pub fn changes(before: &Value, after: &Value) -> Vec<ReviewChange> {
    let fields = diff(before, after)
        .into_iter()
        .flat_map(|c| by_entry(&c).unwrap_or_else(|| vec![c]))
        .collect();
    label_changes(fields, before, after)
}

/// What a new application sets, field by field, as a review: every top-level value, each
/// `config` entry's `value` (a list of named entries by entry), and the `sso` values. Empty
/// values are left out: they set nothing.
pub fn of_new(body: &Value) -> Vec<ReviewChange> {
    let empty = Value::Object(Default::default());
    let mut fields = Vec::new();
    let mut add = |path: Vec<PathSegment>, value: &Value| {
        let blank = value.is_null()
            || value.as_str().is_some_and(|s| s.trim().is_empty())
            || value.as_array().is_some_and(Vec::is_empty);
        if !blank {
            fields.push(FieldChange {
                path,
                before: None,
                after: Some(value.clone()),
            });
        }
    };
    let key = |k: &str| PathSegment::Key(k.to_owned());
    for (name, value) in body.as_object().into_iter().flatten() {
        match (name.as_str(), value) {
            ("config", Value::Object(config)) => {
                for (entry_key, entry) in config {
                    let Some(value) = entry.get("value") else {
                        continue;
                    };
                    let path = vec![key("config"), key(entry_key), key("value")];
                    match value {
                        Value::Array(list) if named(list) => {
                            for (i, item) in list.iter().enumerate() {
                                let mut at = path.clone();
                                at.push(PathSegment::Index(i));
                                add(at, item);
                            }
                        }
                        other => add(path, other),
                    }
                }
            }
            ("sso", Value::Object(sso)) => {
                for (k, v) in sso.iter().filter(|(_, v)| !v.is_object()) {
                    add(vec![key("sso"), key(k)], v);
                }
            }
            (_, Value::Object(_)) => {}
            (k, v) => add(vec![key(k)], v),
        }
    }
    label_changes(fields, &empty, body)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn labels(changes: &[ReviewChange]) -> Vec<&str> {
        changes.iter().map(|c| c.label.as_str()).collect()
    }

    #[test]
    fn a_review_names_fields_and_entries_never_keys() {
        let before = json!({"active": true, "config": {
            "acsUrl": {"label": "ACS URL", "value": "https://a"},
            "idpPrivateKey": {"value": "KEY-A"},
            "databaseAttributes": {"value": [
                {"name": "email", "value": "email"}, {"name": "team", "value": "department"}
            ]}
        }});
        let after = json!({"active": false, "config": {
            "acsUrl": {"label": "ACS URL", "value": "https://b"},
            "idpPrivateKey": {"value": "KEY-B"},
            "databaseAttributes": {"value": [
                {"name": "email", "value": "alternateEmail"},
                {"name": "region", "value": "region"},
                {"name": "tier", "value": "tier"}
            ]}
        }});
        let found = changes(&before, &after);
        assert_eq!(
            labels(&found),
            [
                "Active",
                "ACS URL",
                "User attribute email",
                "User attribute team",
                "User attribute region",
                "User attribute tier"
            ],
            "{found:#?}"
        );
        let team = &found[3];
        assert_eq!(team.after, None, "team is removed");
        assert_eq!(
            team.before,
            Some(json!({"name": "team", "value": "department"}))
        );
        assert!(
            !serde_json::to_string(&found)
                .expect("json")
                .contains("KEY-"),
            "no private key is listed"
        );
    }

    #[test]
    fn a_new_application_reviews_as_what_it_sets() {
        let body = json!({"name": "zoom", "displayLabel": "Zoom", "description": "",
        "sso": {"type": "saml", "jit": true},
        "config": {
            "acsUrl": {"label": "ACS URL", "value": "https://zoom.example.com/acs"},
            "loginUrl": {"label": "Login URL", "value": ""},
            "databaseAttributes": {"value": [{"name": "email", "value": "email"}]}
        }});
        let found = of_new(&body);
        assert_eq!(
            labels(&found),
            [
                "Connector",
                "Display label",
                "Single sign-on type",
                "JIT provisioning",
                "ACS URL",
                "User attribute email"
            ]
        );
        assert!(found.iter().all(|c| c.before.is_none()));
    }
}
