//! Users, user groups, organisations and the association graph, as the app reads them.
//!
//! These are read-only for SSO Desk, so they are typed views that tolerate what the spec allows
//! (absent fields, `null` where `x-nullable` or in practice, fields added later). A [`User`] carries
//! every property JIT provisioning can map, and [`User::property`] reads one by JumpCloud's own
//! spelling, so attribute rows (`"value": "employeeIdentifier"`, `"attributes.costCode"`) resolve
//! without a table of their own.

use super::lenient::{null_default, opt_bool, opt_string};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A custom user attribute (`attributes[]` of a user).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct UserAttribute {
    #[serde(default, deserialize_with = "null_default")]
    #[specta(type = String)]
    pub name: String,
    #[serde(default, deserialize_with = "opt_string")]
    #[specta(type = Option<String>)]
    pub value: Option<String>,
}

/// A user (`systemuserreturn`), with the properties JIT can send.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct User {
    #[serde(rename = "_id", default, deserialize_with = "null_default")]
    #[specta(type = String)]
    pub id: String,
    #[serde(default, deserialize_with = "opt_string")]
    #[specta(type = Option<String>)]
    pub email: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    #[specta(type = Option<String>)]
    pub username: Option<String>,
    #[serde(rename = "firstname", default, deserialize_with = "opt_string")]
    #[specta(type = Option<String>)]
    pub firstname: Option<String>,
    #[serde(rename = "lastname", default, deserialize_with = "opt_string")]
    #[specta(type = Option<String>)]
    pub lastname: Option<String>,
    #[serde(rename = "middlename", default, deserialize_with = "opt_string")]
    #[specta(type = Option<String>)]
    pub middlename: Option<String>,
    #[serde(rename = "displayname", default, deserialize_with = "opt_string")]
    #[specta(type = Option<String>)]
    pub displayname: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    #[specta(type = Option<String>)]
    pub employee_identifier: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    #[specta(type = Option<String>)]
    pub department: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    #[specta(type = Option<String>)]
    pub job_title: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    #[specta(type = Option<String>)]
    pub company: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    #[specta(type = Option<String>)]
    pub cost_center: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    #[specta(type = Option<String>)]
    pub employee_type: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    #[specta(type = Option<String>)]
    pub location: Option<String>,
    /// The manager's user id.
    #[serde(default, deserialize_with = "opt_string")]
    #[specta(type = Option<String>)]
    pub manager: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    #[specta(type = Option<String>)]
    pub alternate_email: Option<String>,
    /// `ACTIVATED`, `STAGED` or `SUSPENDED`.
    #[serde(default, deserialize_with = "opt_string")]
    #[specta(type = Option<String>)]
    pub state: Option<String>,
    #[serde(default, deserialize_with = "opt_bool")]
    #[specta(type = Option<bool>)]
    pub activated: Option<bool>,
    #[serde(default, deserialize_with = "opt_bool")]
    #[specta(type = Option<bool>)]
    pub suspended: Option<bool>,
    #[serde(default, deserialize_with = "null_default")]
    #[specta(type = Vec<UserAttribute>)]
    pub attributes: Vec<UserAttribute>,
}

/// The fields [`User`] reads; sent as `fields=` so large directories cost less to list.
pub(crate) const USER_FIELDS: &str =
    "_id email username firstname lastname middlename displayname \
employeeIdentifier department jobTitle company costCenter employeeType location manager \
alternateEmail state activated suspended attributes";

impl User {
    /// A property by JumpCloud's spelling (`email`, `jobTitle`, `employeeIdentifier`, ...), or a
    /// custom attribute as `attributes.<name>`. `None` when the user has no value for it or the
    /// name is not one SSO Desk knows.
    pub fn property(&self, name: &str) -> Option<&str> {
        if let Some(custom) = name.strip_prefix("attributes.") {
            return self
                .attributes
                .iter()
                .find(|a| a.name == custom)
                .and_then(|a| a.value.as_deref());
        }
        let v = match name {
            "_id" | "id" => return Some(self.id.as_str()),
            "email" => &self.email,
            "username" => &self.username,
            "firstname" => &self.firstname,
            "lastname" => &self.lastname,
            "middlename" => &self.middlename,
            "displayname" => &self.displayname,
            "employeeIdentifier" => &self.employee_identifier,
            "department" => &self.department,
            "jobTitle" => &self.job_title,
            "company" => &self.company,
            "costCenter" => &self.cost_center,
            "employeeType" => &self.employee_type,
            "location" => &self.location,
            "manager" => &self.manager,
            "alternateEmail" => &self.alternate_email,
            "state" => &self.state,
            _ => return None,
        };
        v.as_deref()
    }
}

/// An organisation the credentials can act on (`organizationslist` item / `organization`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Organization {
    #[serde(rename = "_id", default, deserialize_with = "null_default")]
    #[specta(type = String)]
    pub id: String,
    #[serde(default, deserialize_with = "opt_string")]
    #[specta(type = Option<String>)]
    pub display_name: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    #[specta(type = Option<String>)]
    pub logo_url: Option<String>,
}

/// A user group (v2 `UserGroup`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UserGroup {
    #[serde(default, deserialize_with = "null_default")]
    #[specta(type = String)]
    pub id: String,
    #[serde(default, deserialize_with = "null_default")]
    #[specta(type = String)]
    pub name: String,
    #[serde(default, deserialize_with = "opt_string")]
    #[specta(type = Option<String>)]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    #[specta(type = Option<String>)]
    pub email: Option<String>,
    /// `STATIC`, `DYNAMIC_REVIEW_REQUIRED`, `DYNAMIC_AUTOMATED`.
    #[serde(default, deserialize_with = "opt_string")]
    #[specta(type = Option<String>)]
    pub membership_method: Option<String>,
}

/// A node of the association graph (`GraphObject`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct GraphObject {
    #[serde(default, deserialize_with = "null_default")]
    #[specta(type = String)]
    pub id: String,
    /// `user`, `user_group`, `application`, ...
    #[serde(rename = "type", default, deserialize_with = "null_default")]
    #[specta(type = String)]
    pub kind: String,
    #[serde(default)]
    #[specta(type = Option<specta_typescript::Unknown>)]
    pub attributes: Option<Value>,
}

/// An edge of the graph (`GraphConnection`): a direct association or membership.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct GraphConnection {
    #[serde(default)]
    pub from: Option<GraphObject>,
    pub to: GraphObject,
    #[serde(default)]
    #[specta(type = Option<specta_typescript::Unknown>)]
    pub attributes: Option<Value>,
}

/// A traversal result (`GraphObjectWithPaths`): an object reachable from the start, with every
/// path that reaches it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct GraphObjectWithPaths {
    #[serde(default, deserialize_with = "null_default")]
    #[specta(type = String)]
    pub id: String,
    #[serde(rename = "type", default, deserialize_with = "null_default")]
    #[specta(type = String)]
    pub kind: String,
    #[serde(default, deserialize_with = "null_default")]
    #[specta(type = Vec<Vec<GraphConnection>>)]
    pub paths: Vec<Vec<GraphConnection>>,
    #[serde(default)]
    #[specta(type = Option<specta_typescript::Unknown>)]
    pub compiled_attributes: Option<Value>,
}

/// How a user or group reaches an application (or an application reaches a user): directly, or
/// through which groups. Built from a traversal's `paths`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Access {
    /// The object reached (an application id, or a user id).
    pub id: String,
    pub kind: String,
    /// Some path is a single edge: bound directly.
    pub direct: bool,
    /// User groups passed through on the way, in first-seen order, without repeats.
    pub via_groups: Vec<String>,
}

impl Access {
    /// Summarises a traversal result reached from `start_id`.
    pub fn from_paths(start_id: &str, found: &GraphObjectWithPaths) -> Self {
        let direct = found.paths.iter().any(|p| p.len() == 1);
        let mut via_groups: Vec<String> = Vec::new();
        for path in &found.paths {
            for edge in path {
                for node in edge.from.iter().chain(std::iter::once(&edge.to)) {
                    let passes_through =
                        node.kind == "user_group" && node.id != start_id && node.id != found.id;
                    if passes_through && !via_groups.contains(&node.id) {
                        via_groups.push(node.id.clone());
                    }
                }
            }
        }
        Access {
            id: found.id.clone(),
            kind: found.kind.clone(),
            direct,
            via_groups,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn user_tolerates_nulls_and_reads_properties_by_jumpcloud_name() {
        let user: User = serde_json::from_value(json!({
            "_id": "u1", "email": "a@example.com", "department": null, "jobTitle": "CTO",
            "employeeIdentifier": 42, "activated": null, "attributes": [{"name": "costCode", "value": "77"}, {"name": "n", "value": null}],
            "account_locked_date": null, "mfa": {"configured": false}
        }))
        .expect("a user the spec allows must decode");
        assert_eq!(user.property("email"), Some("a@example.com"));
        assert_eq!(user.property("department"), None, "null is no value");
        assert_eq!(user.property("jobTitle"), Some("CTO"));
        assert_eq!(
            user.property("employeeIdentifier"),
            Some("42"),
            "a number is read as text"
        );
        assert_eq!(user.property("attributes.costCode"), Some("77"));
        assert_eq!(user.property("attributes.n"), None);
        assert_eq!(user.property("nonsense"), None);
        assert_eq!(user.activated, None);
    }

    #[test]
    fn user_rejects_an_object_where_text_belongs_naming_the_field() {
        let err =
            serde_json::from_value::<User>(json!({"email": {"x": 1}})).expect_err("wrong shape");
        assert!(err.to_string().contains("expected a string"), "{err}");
    }

    #[test]
    fn access_from_paths_direct_and_via_groups() {
        let found: GraphObjectWithPaths = serde_json::from_value(json!({
            "id": "u1", "type": "user",
            "paths": [
                [{"from": {"id": "app", "type": "application"}, "to": {"id": "g1", "type": "user_group"}},
                 {"to": {"id": "u1", "type": "user"}}],
                [{"to": {"id": "g2", "type": "user_group"}}, {"to": {"id": "u1", "type": "user"}}],
                [{"to": {"id": "g1", "type": "user_group"}}, {"to": {"id": "u1", "type": "user"}}]
            ]
        }))
        .expect("decodes");
        let access = Access::from_paths("app", &found);
        assert!(!access.direct, "every path goes through a group");
        assert_eq!(access.via_groups, ["g1", "g2"]);

        let direct: GraphObjectWithPaths = serde_json::from_value(json!({
            "id": "app", "type": "application", "paths": [[{"to": {"id": "app", "type": "application"}}]]
        }))
        .expect("decodes");
        let access = Access::from_paths("g1", &direct);
        assert!(access.direct && access.via_groups.is_empty());
    }
}

/// Decoding properties over generated documents. `PROPTEST_CASES` sets how many cases run.
#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;
    use serde_json::Map;

    fn any_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            ".{0,8}".prop_map(Value::String),
        ];
        leaf.prop_recursive(3, 32, 5, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                prop::collection::vec((".{0,6}", inner), 0..5)
                    .prop_map(|kv| Value::Object(kv.into_iter().collect())),
            ]
        })
    }

    fn unknown_fields() -> impl Strategy<Value = Vec<(String, Value)>> {
        prop::collection::vec(("zz[a-zA-Z]{1,8}", any_json()), 0..4)
    }

    /// A string field as JumpCloud sends it: absent, `null`, text, or a number or boolean (a
    /// custom attribute typed as one).
    fn loose_text() -> impl Strategy<Value = Option<Value>> {
        prop_oneof![
            Just(None),
            Just(Some(Value::Null)),
            ".{0,12}".prop_map(|s| Some(Value::String(s))),
            any::<i64>().prop_map(|n| Some(Value::from(n))),
            any::<bool>().prop_map(|b| Some(Value::Bool(b))),
        ]
    }

    fn opt_bool() -> impl Strategy<Value = Option<Value>> {
        prop_oneof![
            Just(None),
            Just(Some(Value::Null)),
            any::<bool>().prop_map(|b| Some(Value::Bool(b))),
        ]
    }

    /// A field the spec types as a plain string (ids, names): absent, `null` or text.
    fn strict_text() -> impl Strategy<Value = Option<Value>> {
        prop_oneof![
            Just(None),
            Just(Some(Value::Null)),
            ".{0,12}".prop_map(|s| Some(Value::String(s))),
        ]
    }

    const USER_TEXT: [&str; 17] = [
        "email",
        "username",
        "firstname",
        "lastname",
        "middlename",
        "displayname",
        "employeeIdentifier",
        "department",
        "jobTitle",
        "company",
        "costCenter",
        "employeeType",
        "location",
        "manager",
        "alternateEmail",
        "state",
        "description",
    ];

    /// A `systemuserreturn` as the spec (and practice) allows it.
    fn user_json() -> impl Strategy<Value = Map<String, Value>> {
        let attribute = (
            prop_oneof![
                Just(None),
                Just(Some(Value::Null)),
                ".{0,6}".prop_map(|s| Some(Value::String(s)))
            ],
            loose_text(),
        )
            .prop_map(|(name, value)| {
                let mut m = Map::new();
                if let Some(n) = name {
                    m.insert("name".into(), n);
                }
                if let Some(v) = value {
                    m.insert("value".into(), v);
                }
                Value::Object(m)
            });
        (
            strict_text(),
            prop::collection::vec(loose_text(), USER_TEXT.len()),
            opt_bool(),
            opt_bool(),
            prop_oneof![
                Just(None),
                Just(Some(Value::Null)),
                prop::collection::vec(attribute, 0..4).prop_map(|a| Some(Value::Array(a))),
            ],
        )
            .prop_map(|(id, texts, activated, suspended, attributes)| {
                let mut m: Map<String, Value> = USER_TEXT
                    .iter()
                    .zip(texts)
                    .filter_map(|(k, v)| v.map(|v| ((*k).to_owned(), v)))
                    .collect();
                for (k, v) in [
                    ("_id", id),
                    ("activated", activated),
                    ("suspended", suspended),
                    ("attributes", attributes),
                ] {
                    if let Some(v) = v {
                        m.insert(k.into(), v);
                    }
                }
                m
            })
    }

    /// A v2 `UserGroup` as the spec allows it.
    fn group_json() -> impl Strategy<Value = Map<String, Value>> {
        (
            prop::collection::vec(strict_text(), 2),
            prop::collection::vec(loose_text(), 3),
        )
            .prop_map(|(ids, rest)| {
                ["id", "name", "description", "email", "membershipMethod"]
                    .iter()
                    .zip(ids.into_iter().chain(rest))
                    .filter_map(|(k, v)| v.map(|v| ((*k).to_owned(), v)))
                    .collect()
            })
    }

    fn with(mut doc: Map<String, Value>, extra: Vec<(String, Value)>) -> Value {
        doc.extend(extra);
        Value::Object(doc)
    }

    proptest! {
        #![proptest_config(ProptestConfig::default())]

        /// Every user the spec allows decodes; fields SSO Desk does not read change nothing.
        #[test]
        fn user_decodes_what_the_spec_allows_and_tolerates_unknown_fields(
            doc in user_json(),
            extra in unknown_fields(),
        ) {
            let plain: User = serde_json::from_value(Value::Object(doc.clone()))
                .map_err(|e| TestCaseError::fail(format!("{e}: {doc:?}")))?;
            let extended: User = serde_json::from_value(with(doc, extra))
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(plain, extended);
        }

        /// Every user group the spec allows decodes; unknown fields change nothing.
        #[test]
        fn group_decodes_what_the_spec_allows_and_tolerates_unknown_fields(
            doc in group_json(),
            extra in unknown_fields(),
        ) {
            let plain: UserGroup = serde_json::from_value(Value::Object(doc.clone()))
                .map_err(|e| TestCaseError::fail(format!("{e}: {doc:?}")))?;
            let extended: UserGroup = serde_json::from_value(with(doc, extra))
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(plain, extended);
        }

        /// Whatever JSON arrives, decoding answers (maybe with an error), never panics.
        #[test]
        fn directory_decoding_never_panics(doc in any_json()) {
            let _ = serde_json::from_value::<User>(doc.clone());
            let _ = serde_json::from_value::<UserGroup>(doc.clone());
            let _ = serde_json::from_value::<GraphObjectWithPaths>(doc);
        }
    }
}
