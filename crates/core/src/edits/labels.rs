//! What an admin calls a place in an application: "ACS URL", not `config.acsUrl.value`. Every
//! review row, difference and conflict of every kind of edit is labelled here, so the same field
//! reads the same everywhere.
//!
//! In order: a `config.<key>` entry's own `label` (what the console shows), the label SSO Desk
//! knows for that key, attribute entries by their SP name ("User attribute email"), the
//! application's known top-level keys ("Active", "Display label"), and for anything else the
//! path in words ("Sso › Idp cert expiration at"), which is still readable.

use serde_json::Value;

use super::json_diff::{value_at, PathSegment};
use crate::attributes::AttributeList;
use crate::sso::settings::known_label;

/// Top-level keys of an application and what the admin calls them.
const TOP_LEVEL: &[(&str, &str)] = &[
    ("active", "Active"),
    ("displayLabel", "Display label"),
    ("displayName", "Display name"),
    ("description", "Description"),
    ("name", "Connector"),
    ("ssoUrl", "IdP URL"),
    ("organization", "Organisation"),
    ("_id", "Application id"),
    ("id", "Application id"),
    ("beta", "Beta"),
    ("learnMore", "Learn more"),
    ("logo", "Logo"),
    ("color", "Colour"),
    ("provision", "Identity management"),
];

/// Keys under `sso` and what the admin calls them.
const SSO: &[(&str, &str)] = &[
    ("type", "Single sign-on type"),
    ("jit", "JIT provisioning"),
    ("idpCertExpirationAt", "IdP certificate expiry"),
];

/// `config` keys that are no SSO field, with their label when the entry gives none.
const CONFIG: &[(&str, &str)] = &[
    ("idpCertificate", "IdP Certificate"),
    ("idpPrivateKey", "IdP Private Key"),
    ("includeGroups", "Send the group attribute"),
    ("groupsAttributeName", "Group attribute name"),
];

fn find(table: &[(&str, &'static str)], key: &str) -> Option<&'static str> {
    table.iter().find(|(k, _)| *k == key).map(|(_, l)| *l)
}

/// `idpCertExpirationAt` as "Idp cert expiration at"; an index as "item 3".
fn words(segment: &PathSegment) -> String {
    match segment {
        PathSegment::Index(i) => format!("item {}", i + 1),
        PathSegment::Key(key) => {
            let mut out = String::new();
            for (i, c) in key.trim_start_matches('_').chars().enumerate() {
                if i == 0 {
                    out.extend(c.to_uppercase());
                } else if c.is_uppercase() {
                    out.push(' ');
                    out.extend(c.to_lowercase());
                } else {
                    out.push(c);
                }
            }
            if out.is_empty() {
                key.clone()
            } else {
                out
            }
        }
    }
}

/// The rest of a path, in words, after a label: "ACS URL › Read only".
fn with_rest(label: String, rest: &[PathSegment]) -> String {
    rest.iter()
        .fold(label, |out, s| format!("{out} › {}", words(s)))
}

fn text_at<'a>(docs: &[&'a Value], path: &[PathSegment]) -> Option<&'a str> {
    docs.iter()
        .find_map(|doc| value_at(doc, path).and_then(Value::as_str))
        .filter(|s| !s.trim().is_empty())
}

fn key(k: &str) -> PathSegment {
    PathSegment::Key(k.to_owned())
}

/// What an entry's field is for an admin: an attribute entry's `value` is where it comes from,
/// `visible` whether it is sent.
fn entry_field(segment: &PathSegment) -> String {
    match segment {
        PathSegment::Key(k) if k == "value" => "source".to_owned(),
        PathSegment::Key(k) if k == "visible" => "sent".to_owned(),
        PathSegment::Key(k) if k == "name" => "name".to_owned(),
        other => words(other).to_lowercase(),
    }
}

fn attribute_label(list: AttributeList, docs: &[&Value], path: &[PathSegment]) -> String {
    // config.<list>.value[i].<field>...
    let whole = match list {
        AttributeList::Database => "User attributes from user properties",
        AttributeList::Constant => "User attributes with constant values",
    };
    match path.get(3) {
        Some(PathSegment::Index(_)) => {
            let mut entry = path[..4].to_vec();
            entry.push(key("name"));
            let name = text_at(docs, &entry).unwrap_or("(unnamed)");
            match path.get(4) {
                None => format!("User attribute {name}"),
                Some(field) => with_rest(
                    format!("User attribute {name} ({})", entry_field(field)),
                    &path[5..],
                ),
            }
        }
        _ if path.len() <= 3 => whole.to_owned(),
        _ => with_rest(whole.to_owned(), &path[3..]),
    }
}

fn config_label(docs: &[&Value], path: &[PathSegment]) -> String {
    let Some(PathSegment::Key(name)) = path.get(1) else {
        return with_rest("Settings".to_owned(), &path[1..]);
    };
    if let Some(list) = AttributeList::ALL.iter().find(|l| l.key() == name) {
        return attribute_label(*list, docs, path);
    }
    let label = text_at(docs, &[key("config"), key(name), key("label")])
        .map(str::to_owned)
        .or_else(|| known_label(name).map(str::to_owned))
        .or_else(|| find(CONFIG, name).map(str::to_owned))
        .unwrap_or_else(|| words(&key(name)));
    match path.get(2) {
        None => label,
        Some(PathSegment::Key(k)) if k == "value" => with_rest(label, &path[3..]),
        Some(other) => with_rest(format!("{label} ({})", entry_field(other)), &path[3..]),
    }
}

/// The label of the field at `path`, read from `docs` (the first that has something to say: pass
/// the copy the field is in, the edited one before the one before it).
pub fn label_of(docs: &[&Value], path: &[PathSegment]) -> String {
    let Some(PathSegment::Key(first)) = path.first() else {
        return if path.is_empty() {
            "The whole application".to_owned()
        } else {
            path.iter().map(words).collect::<Vec<_>>().join(" › ")
        };
    };
    match first.as_str() {
        "config" => config_label(docs, path),
        "sso" => match path.get(1) {
            None => "Single sign-on".to_owned(),
            Some(PathSegment::Key(k)) if find(SSO, k).is_some() => {
                with_rest(find(SSO, k).unwrap_or_default().to_owned(), &path[2..])
            }
            Some(_) => with_rest("Single sign-on".to_owned(), &path[1..]),
        },
        other => match find(TOP_LEVEL, other) {
            Some(label) => with_rest(label.to_owned(), &path[1..]),
            None => with_rest(words(&path[0]), &path[1..]),
        },
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn path(p: &[&str]) -> Vec<PathSegment> {
        p.iter()
            .map(|s| match s.parse::<usize>() {
                Ok(i) => PathSegment::Index(i),
                Err(_) => key(s),
            })
            .collect()
    }

    fn app() -> Value {
        json!({"config": {
            "acsUrl": {"label": "ACS URL", "value": "https://a"},
            "spEntityId": {"value": "urn:sp"},
            "customThing": {"value": 1},
            "databaseAttributes": {"value": [{"name": "email", "value": "email"}]},
            "constantAttributes": {"value": [{"name": "tier", "value": "gold"}]}
        }})
    }

    #[test]
    fn fields_read_as_the_admin_knows_them() {
        let app = app();
        let l = |p: &[&str]| label_of(&[&app], &path(p));
        assert_eq!(
            l(&["config", "acsUrl", "value"]),
            "ACS URL",
            "the entry's own label"
        );
        assert_eq!(
            l(&["config", "spEntityId", "value"]),
            "SP Entity ID",
            "the known label"
        );
        assert_eq!(l(&["config", "acsUrl", "readOnly"]), "ACS URL (read only)");
        assert_eq!(l(&["config", "customThing", "value"]), "Custom thing");
        assert_eq!(
            l(&["config", "databaseAttributes", "value", "0"]),
            "User attribute email"
        );
        assert_eq!(
            l(&["config", "constantAttributes", "value", "0", "value"]),
            "User attribute tier (source)"
        );
        assert_eq!(
            l(&["config", "databaseAttributes", "value"]),
            "User attributes from user properties"
        );
        assert_eq!(l(&["active"]), "Active");
        assert_eq!(l(&["displayLabel"]), "Display label");
        assert_eq!(l(&["sso", "jit"]), "JIT provisioning");
        assert_eq!(l(&["somethingNew", "0"]), "Something new › item 1");
    }

    #[test]
    fn a_removed_entry_is_named_from_the_copy_that_has_it() {
        let before = app();
        let after = json!({"config": {"databaseAttributes": {"value": []}}});
        let p = path(&["config", "databaseAttributes", "value", "0"]);
        assert_eq!(label_of(&[&after, &before], &p), "User attribute email");
    }
}
