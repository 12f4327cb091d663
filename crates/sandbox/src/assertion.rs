//! What a SAML assertion for a user would carry, computed from a stored application and user as
//! `docs/attribute-encoding.md` says, so tests can hold the app's preview against it.
//!
//! Promises: one statement per entry that is on (no `"visible": false`), property entries first
//! then constants, each list in its order; a property absent or null gives an empty value; a bare
//! name (JumpCloud's way, `costCode`) is the user's built-in property when the user object has a
//! field of that name, else the user's custom attribute of that name (else empty); the older
//! `attributes.<name>` form is read too and always means the custom attribute; entries of a shape
//! not understood (not an object, no string `name`) are skipped; the NameID is the user's `email`
//! unless `config.subjectField.value` names another property. When `config.includeGroups.value`
//! is `true` and `config.groupsAttributeName.value` is a non-empty name, one more statement comes
//! last: that name, `source` "group", and as `value` a *list* of the names of the user's groups
//! that reach the application (sorted).

use serde_json::{json, Value};

/// `source` of a statement from a JumpCloud property.
pub const SOURCE_PROPERTY: &str = "property";
/// `source` of a statement from a custom user attribute (`attributes.<name>`).
pub const SOURCE_CUSTOM_ATTRIBUTE: &str = "customAttribute";
/// `source` of a constant statement.
pub const SOURCE_CONSTANT: &str = "constant";
/// `source` of the group statement (its `value` is a list of group names).
pub const SOURCE_GROUP: &str = "group";

const CUSTOM_PREFIX: &str = "attributes.";

/// `{"nameId": str, "attributes": [{"name", "value", "source"}]}` for `user` signing in to
/// `application` (both as JumpCloud's v1 API returns them), for a user in no group.
pub fn assertion(application: &Value, user: &Value) -> Value {
    assertion_with_groups(application, user, &[])
}

/// As [`assertion`], for a user whose groups reaching the application are named `groups`.
pub fn assertion_with_groups(application: &Value, user: &Value, groups: &[String]) -> Value {
    let mut statements = Vec::new();
    for entry in entries(application, "databaseAttributes") {
        let Some((name, value)) = name_and_value(entry) else {
            continue;
        };
        let custom = match value.strip_prefix(CUSTOM_PREFIX) {
            Some(custom) => Some(custom),
            None if is_property(user, value) => None,
            None if custom_attribute(user, value).is_some() => Some(value),
            None => None,
        };
        let statement = match custom {
            Some(custom) => {
                json!({"name": name, "value": custom_attribute(user, custom).unwrap_or_default(), "source": SOURCE_CUSTOM_ATTRIBUTE})
            }
            None => {
                json!({"name": name, "value": property(user, value), "source": SOURCE_PROPERTY})
            }
        };
        statements.push(statement);
    }
    for entry in entries(application, "constantAttributes") {
        let Some((name, value)) = name_and_value(entry) else {
            continue;
        };
        statements.push(json!({"name": name, "value": value, "source": SOURCE_CONSTANT}));
    }
    let include_groups =
        application.pointer("/config/includeGroups/value") == Some(&Value::Bool(true));
    let groups_name = application
        .pointer("/config/groupsAttributeName/value")
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty());
    if let (true, Some(name)) = (include_groups, groups_name) {
        let mut names = groups.to_vec();
        names.sort();
        names.dedup();
        statements.push(json!({"name": name, "value": names, "source": SOURCE_GROUP}));
    }
    let subject = application
        .pointer("/config/subjectField/value")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .unwrap_or("email");
    json!({"nameId": property(user, subject), "attributes": statements})
}

/// The entries of `config.<list>.value` that are on.
fn entries<'a>(application: &'a Value, list: &str) -> impl Iterator<Item = &'a Value> {
    application
        .get("config")
        .and_then(|c| c.get(list))
        .and_then(|l| l.get("value"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|e| e.get("visible") != Some(&Value::Bool(false)))
}

/// An entry's SP name and its value (property, `attributes.<name>` or constant); an entry with
/// no string `name` is not understood and skipped; a missing or non-string value reads as "".
fn name_and_value(entry: &Value) -> Option<(&str, &str)> {
    let name = entry.get("name")?.as_str()?;
    Some((
        name,
        entry.get("value").and_then(Value::as_str).unwrap_or(""),
    ))
}

/// A built-in property as text; absent or null is empty.
fn property(user: &Value, name: &str) -> String {
    if name.is_empty() {
        return String::new();
    }
    match user.get(name) {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// Whether `name` is one of the user object's own fields (a built-in property).
fn is_property(user: &Value, name: &str) -> bool {
    name != "attributes" && user.get(name).is_some()
}

fn custom_attribute(user: &Value, name: &str) -> Option<String> {
    user.get("attributes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .find(|a| a.get("name").and_then(Value::as_str) == Some(name))
        .map(|a| match a.get("value") {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_the_encoding_rules() {
        let app = json!({"config": {
            "databaseAttributes": {"value": [
                {"name": "email", "value": "email"},
                {"name": "lastName", "value": "lastname"},
                {"name": "cost", "value": "attributes.costCode"},
                {"name": "bareCost", "value": "costCode"},
                {"name": "shadowed", "value": "username"},
                {"name": "nobody", "value": "noSuchThing"},
                {"name": "off", "value": "email", "visible": false},
                "not an entry",
                {"value": "email"}
            ]},
            "constantAttributes": {"value": [{"name": "tenant", "value": "acme"}]},
            "subjectField": {"value": "username"}
        }});
        let user = json!({"email": "a@example.com", "username": "a", "lastname": null,
            "attributes": [{"name": "costCode", "value": "CC-1"}, {"name": "username", "value": "custom"}]});
        let a = assertion(&app, &user);
        assert_eq!(a["nameId"], "a", "subjectField names the NameID property");
        let got: Vec<(&str, &str, &str)> = a["attributes"]
            .as_array()
            .expect("list")
            .iter()
            .map(|s| {
                (
                    s["name"].as_str().unwrap_or(""),
                    s["value"].as_str().unwrap_or(""),
                    s["source"].as_str().unwrap_or(""),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("email", "a@example.com", "property"),
                ("lastName", "", "property"),
                ("cost", "CC-1", "customAttribute"),
                ("bareCost", "CC-1", "customAttribute"),
                ("shadowed", "a", "property"),
                ("nobody", "", "property"),
                ("tenant", "acme", "constant"),
            ],
            "switched-off and malformed entries are left out; constants come last"
        );
    }

    #[test]
    fn the_group_statement_lists_the_groups_when_included() {
        let mut app = json!({"config": {
            "databaseAttributes": {"value": [{"name": "email", "value": "email"}]},
            "includeGroups": {"value": true},
            "groupsAttributeName": {"value": "memberOf"}
        }});
        let user = json!({"email": "a@example.com"});
        let groups = vec!["Zeta".to_string(), "Alpha".to_string()];
        let a = assertion_with_groups(&app, &user, &groups);
        assert_eq!(
            a["attributes"][1],
            json!({"name": "memberOf", "value": ["Alpha", "Zeta"], "source": "group"})
        );
        app["config"]["includeGroups"]["value"] = json!(false);
        let a = assertion_with_groups(&app, &user, &groups);
        assert_eq!(
            a["attributes"].as_array().map(Vec::len),
            Some(1),
            "no group statement when includeGroups is off: {a}"
        );
    }
}
