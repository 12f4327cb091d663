//! Templates and applications, as the app uses them.
//!
//! Two promises pull in different directions here, and each type picks one:
//! - [`Application`] is *lossless*. It is the server's JSON object itself, with typed accessors
//!   for what SSO Desk reads and edits. Every field we do not model (and JumpCloud has many, and
//!   adds more) is kept byte-for-byte in JSON terms, in its original order, so the complete
//!   object that a `PUT` must send is exactly what came in plus the admin's edits.
//! - [`Template`] is *typed and tolerant*. Templates are read-only here, so it models what the
//!   catalogue shows and accepts anything the spec allows: missing optional fields, `null` where a
//!   value was expected, fields it has never heard of.

use super::lenient::{null_default, opt_string};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A template's lifecycle status. Unknown values are kept as `other` rather than rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum TemplateLifecycle {
    Beta,
    EndOfSupport,
    EndOfLife,
    #[serde(other)]
    Other,
}

/// `logo` of a template or application.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Logo {
    #[serde(default, deserialize_with = "opt_string")]
    #[specta(type = Option<String>)]
    pub url: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    #[specta(type = Option<String>)]
    pub color: Option<String>,
}

/// `sso` of a template: which protocol and whether the connector supports JIT.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TemplateSso {
    #[serde(default, deserialize_with = "null_default")]
    #[specta(type = bool)]
    pub jit: bool,
    #[serde(rename = "type", default, deserialize_with = "opt_string")]
    #[specta(type = Option<String>)]
    pub kind: Option<String>,
    #[serde(default, deserialize_with = "null_default")]
    #[specta(type = bool)]
    pub beta: bool,
    #[serde(default, deserialize_with = "null_default")]
    #[specta(type = bool)]
    pub hidden: bool,
}

/// One JIT-required SP attribute and the JumpCloud property the template suggests for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct JitAttribute {
    /// The service provider's attribute name (the map key in `jit.attributes`).
    pub name: String,
    /// The suggested JumpCloud property. `None` when the template gives a value that is not a
    /// string (the spec leaves the map untyped).
    pub default_property: Option<String>,
}

/// `jit` of a template.
#[derive(Debug, Clone, Default, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TemplateJit {
    /// In the template's order.
    pub attributes: Vec<JitAttribute>,
    pub create_only: bool,
}

impl<'de> Deserialize<'de> for TemplateJit {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Wire {
            #[serde(default, deserialize_with = "null_default")]
            attributes: Map<String, Value>,
            #[serde(default, deserialize_with = "null_default")]
            create_only: bool,
        }
        let wire = Wire::deserialize(d)?;
        let attributes = wire
            .attributes
            .into_iter()
            .map(|(name, v)| {
                let default_property = match v {
                    Value::String(s) => Some(s),
                    // Some templates nest the property; take a string `value` if there is one.
                    Value::Object(m) => m.get("value").and_then(Value::as_str).map(str::to_owned),
                    _ => None,
                };
                JitAttribute {
                    name,
                    default_property,
                }
            })
            .collect();
        Ok(TemplateJit {
            attributes,
            create_only: wire.create_only,
        })
    }
}

/// A connector in JumpCloud's catalogue (`applicationtemplate`).
///
/// Like every v1 object here ([`super::User`], [`super::Organization`]) its id is spelt `_id` in
/// both directions: the UI bindings need one shape for both, and an `id` field some responses
/// add beside `_id` is then simply ignored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Template {
    #[serde(rename = "_id", default, deserialize_with = "null_default")]
    #[specta(type = String)]
    pub id: String,
    /// The connector's name; an application is linked to its template by this.
    #[serde(default, deserialize_with = "null_default")]
    #[specta(type = String)]
    pub name: String,
    #[serde(default, deserialize_with = "opt_string")]
    #[specta(type = Option<String>)]
    pub display_name: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    #[specta(type = Option<String>)]
    pub display_label: Option<String>,
    #[serde(default, deserialize_with = "null_default")]
    #[specta(type = Vec<String>)]
    pub keywords: Vec<String>,
    #[serde(default)]
    pub status: Option<TemplateLifecycle>,
    #[serde(default, deserialize_with = "null_default")]
    #[specta(type = bool)]
    pub beta: bool,
    #[serde(default)]
    pub logo: Option<Logo>,
    #[serde(default, deserialize_with = "opt_string")]
    #[specta(type = Option<String>)]
    pub color: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    #[specta(type = Option<String>)]
    pub sso_url: Option<String>,
    #[serde(default, deserialize_with = "null_default")]
    #[specta(type = TemplateSso)]
    pub sso: TemplateSso,
    #[serde(default, deserialize_with = "null_default")]
    #[specta(type = TemplateJit)]
    pub jit: TemplateJit,
    /// Present and non-null when the connector supports SCIM provisioning.
    #[serde(default)]
    #[specta(type = Option<specta_typescript::Unknown>)]
    pub provision: Option<Value>,
    /// The form the console shows for a new application (kept raw).
    #[serde(default)]
    #[specta(type = specta_typescript::Unknown)]
    pub config: Value,
}

impl Template {
    pub fn supports_scim(&self) -> bool {
        self.provision.is_some()
    }

    pub fn jit_attribute(&self, sp_name: &str) -> Option<&JitAttribute> {
        self.jit.attributes.iter().find(|a| a.name == sp_name)
    }
}

/// An SSO application of the organisation, kept as the server's JSON object.
///
/// `Serialize`/`Deserialize` are the JSON object itself, so what the UI receives and sends back is
/// the complete application; the accessors below are for Rust code.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, specta::Type)]
#[serde(transparent)]
pub struct Application(
    #[specta(type = std::collections::BTreeMap<String, specta_typescript::Unknown>)]
    Map<String, Value>,
);

fn str_field<'a>(m: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    m.get(key).and_then(Value::as_str)
}

impl Application {
    /// Wraps a JSON object. `None` when `value` is not an object.
    pub fn from_json(value: Value) -> Option<Self> {
        match value {
            Value::Object(m) => Some(Self(m)),
            _ => None,
        }
    }

    /// A new application for `template`, as the console makes one: the template's name, the
    /// admin's label, the template's SSO URL, its form as config and its SSO type.
    pub fn new_from_template(template: &Template, display_label: &str) -> Self {
        let mut m = Map::new();
        m.insert("name".into(), Value::String(template.name.clone()));
        m.insert(
            "displayLabel".into(),
            Value::String(display_label.to_owned()),
        );
        // The spec requires `ssoUrl` (with `name` and `config`) on an application.
        let sso_url = template.sso_url.clone().unwrap_or_default();
        m.insert("ssoUrl".into(), Value::String(sso_url));
        let config = match &template.config {
            Value::Object(_) => template.config.clone(),
            _ => Value::Object(Map::new()),
        };
        m.insert("config".into(), config);
        let mut sso = Map::new();
        if let Some(kind) = &template.sso.kind {
            sso.insert("type".into(), Value::String(kind.clone()));
        }
        sso.insert("jit".into(), Value::Bool(template.sso.jit));
        m.insert("sso".into(), Value::Object(sso));
        Self(m)
    }

    pub fn json(&self) -> &Map<String, Value> {
        &self.0
    }

    /// The whole object, for edits the accessors do not cover (the attributes editor).
    pub fn json_mut(&mut self) -> &mut Map<String, Value> {
        &mut self.0
    }

    pub fn to_value(&self) -> Value {
        Value::Object(self.0.clone())
    }

    pub fn into_value(self) -> Value {
        Value::Object(self.0)
    }

    /// `_id`; `None` before the application is created.
    pub fn id(&self) -> Option<&str> {
        str_field(&self.0, "_id")
    }

    /// The template's name (`name`), which links the application to its template.
    pub fn name(&self) -> Option<&str> {
        str_field(&self.0, "name")
    }

    pub fn display_label(&self) -> Option<&str> {
        str_field(&self.0, "displayLabel")
    }

    pub fn set_display_label(&mut self, label: &str) {
        self.0
            .insert("displayLabel".into(), Value::String(label.to_owned()));
    }

    pub fn description(&self) -> Option<&str> {
        str_field(&self.0, "description")
    }

    pub fn set_description(&mut self, description: &str) {
        self.0
            .insert("description".into(), Value::String(description.to_owned()));
    }

    pub fn sso(&self) -> Option<&Map<String, Value>> {
        self.0.get("sso").and_then(Value::as_object)
    }

    pub fn sso_type(&self) -> Option<&str> {
        self.sso().and_then(|s| str_field(s, "type"))
    }

    pub fn sso_jit(&self) -> bool {
        self.sso()
            .and_then(|s| s.get("jit"))
            .and_then(Value::as_bool)
            .unwrap_or(false)
    }

    pub fn config(&self) -> Option<&Map<String, Value>> {
        self.0.get("config").and_then(Value::as_object)
    }

    /// `config`, created empty if missing or not an object.
    pub fn config_mut(&mut self) -> &mut Map<String, Value> {
        let slot = self
            .0
            .entry("config")
            .or_insert_with(|| Value::Object(Map::new()));
        if !slot.is_object() {
            *slot = Value::Object(Map::new());
        }
        match slot {
            Value::Object(m) => m,
            // Just made an object above.
            _ => unreachable!("config was set to an object"),
        }
    }

    pub fn logo_url(&self) -> Option<&str> {
        self.0
            .get("logo")
            .and_then(Value::as_object)
            .and_then(|l| str_field(l, "url"))
    }

    /// The typed view for lists.
    pub fn summary(&self) -> ApplicationSummary {
        ApplicationSummary {
            id: self.id().unwrap_or_default().to_owned(),
            name: self.name().unwrap_or_default().to_owned(),
            display_label: self.display_label().unwrap_or_default().to_owned(),
            description: self.description().map(str::to_owned),
            sso_type: self.sso_type().map(str::to_owned),
            sso_jit: self.sso_jit(),
            logo_url: self.logo_url().map(str::to_owned),
        }
    }
}

/// What a list of applications shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ApplicationSummary {
    pub id: String,
    /// The template's name.
    pub name: String,
    pub display_label: String,
    pub description: Option<String>,
    pub sso_type: Option<String>,
    pub sso_jit: bool,
    pub logo_url: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn template_tolerates_nulls_missing_and_extra_fields() {
        let t: Template = serde_json::from_value(json!({
            "_id": "t1", "name": "slack", "keywords": null, "beta": null, "sso": null,
            "jit": {"attributes": {"email": "email", "weird": 5, "nested": {"value": "firstname"}}, "createOnly": null},
            "status": "something_new", "provision": null, "brandNew": {"x": 1}
        }))
        .expect("a template the spec allows must decode");
        assert_eq!(t.id, "t1");
        assert!(t.keywords.is_empty() && !t.beta && !t.sso.jit);
        assert_eq!(
            t.status,
            Some(TemplateLifecycle::Other),
            "unknown status kept as other"
        );
        assert!(!t.supports_scim(), "provision: null is no SCIM");
        assert_eq!(
            t.jit_attribute("email")
                .and_then(|a| a.default_property.as_deref()),
            Some("email")
        );
        assert_eq!(
            t.jit_attribute("weird").map(|a| a.default_property.clone()),
            Some(None)
        );
        assert_eq!(
            t.jit
                .attributes
                .iter()
                .map(|a| a.name.as_str())
                .collect::<Vec<_>>(),
            ["email", "weird", "nested"],
            "template order is kept"
        );
        let empty: Template = serde_json::from_value(json!({})).expect("all fields are optional");
        assert_eq!(empty.config, Value::Null);
    }

    #[test]
    fn template_serialises_for_the_ui_with_jumpcloud_id_spelling() {
        let t: Template = serde_json::from_value(
            json!({"_id": "t1", "name": "x", "provision": {"type": "scim"}}),
        )
        .expect("decodes");
        let out = serde_json::to_value(&t).expect("serialises");
        assert_eq!(
            out["_id"], "t1",
            "v1 objects keep JumpCloud's `_id` (see Template)"
        );
        assert!(t.supports_scim());
    }

    #[test]
    fn application_round_trips_unknown_fields_in_order() {
        let raw = json!({"_id": "a1", "zeta": 1, "name": "slack", "alpha": {"deep": [1, null]}, "displayLabel": "Slack"});
        let app: Application =
            serde_json::from_value(raw.clone()).expect("any object is an application");
        assert_eq!(app.id(), Some("a1"));
        assert_eq!(app.display_label(), Some("Slack"));
        let text = serde_json::to_string(&app).expect("serialises");
        assert_eq!(
            text,
            serde_json::to_string(&raw).expect("serialises"),
            "same bytes, same order"
        );
    }

    #[test]
    fn accessors_tolerate_wrong_types() {
        let app = Application::from_json(json!({"name": 5, "sso": "saml", "config": []}))
            .expect("object");
        assert_eq!(app.name(), None);
        assert_eq!(app.sso_type(), None);
        assert!(app.config().is_none());
        assert!(
            Application::from_json(json!([1])).is_none(),
            "not an object"
        );
    }

    #[test]
    fn new_from_template_links_by_name() {
        let t: Template = serde_json::from_value(json!({
            "_id": "t", "name": "zoom", "ssoUrl": "https://sso", "sso": {"type": "saml", "jit": true},
            "config": {"acsUrl": {"value": ""}}
        }))
        .expect("decodes");
        let mut app = Application::new_from_template(&t, "Zoom (sales)");
        assert_eq!(app.name(), Some("zoom"));
        assert_eq!(app.display_label(), Some("Zoom (sales)"));
        assert_eq!(app.sso_type(), Some("saml"));
        assert!(app.sso_jit());
        app.config_mut().insert("x".into(), json!(1));
        assert_eq!(app.config().and_then(|c| c.get("x")), Some(&json!(1)));
    }
}

/// Decoding properties over generated documents. `PROPTEST_CASES` sets how many cases run.
#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    fn any_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<f64>()
                .prop_filter("JSON has no NaN or infinity", |f| f.is_finite())
                .prop_map(Value::from),
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

    /// Fields no SSO Desk type knows (JumpCloud adds fields over time), with any value.
    fn unknown_fields() -> impl Strategy<Value = Vec<(String, Value)>> {
        prop::collection::vec(("zz[a-zA-Z]{1,8}", any_json()), 0..4)
    }

    /// A field the spec types as a string: absent, `null`, or a string.
    fn opt_text() -> impl Strategy<Value = Option<Value>> {
        prop_oneof![
            Just(None),
            Just(Some(Value::Null)),
            ".{0,12}".prop_map(|s| Some(Value::String(s))),
        ]
    }

    fn opt_bool() -> impl Strategy<Value = Option<Value>> {
        prop_oneof![
            Just(None),
            Just(Some(Value::Null)),
            any::<bool>().prop_map(|b| Some(Value::Bool(b))),
        ]
    }

    fn object_of(fields: Vec<(&'static str, Option<Value>)>) -> Map<String, Value> {
        fields
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k.to_owned(), v)))
            .collect()
    }

    /// An `applicationtemplate` as the spec allows it (every field optional, nullable in
    /// practice; `jit.attributes` an untyped map; `config` and `provision` anything).
    fn template_json() -> impl Strategy<Value = Map<String, Value>> {
        let sso =
            (opt_bool(), opt_text(), opt_bool(), opt_bool()).prop_map(|(jit, t, beta, hidden)| {
                Value::Object(object_of(vec![
                    ("jit", jit),
                    ("type", t),
                    ("beta", beta),
                    ("hidden", hidden),
                ]))
            });
        let jit = (
            prop::collection::vec(("[a-zA-Z]{1,8}", any_json()), 0..4),
            opt_bool(),
        )
            .prop_map(|(attrs, create_only)| {
                Value::Object(object_of(vec![
                    (
                        "attributes",
                        Some(Value::Object(attrs.into_iter().collect())),
                    ),
                    ("createOnly", create_only),
                ]))
            });
        let logo = (opt_text(), opt_text()).prop_map(|(url, color)| {
            Value::Object(object_of(vec![("url", url), ("color", color)]))
        });
        (
            (opt_text(), opt_text(), opt_text(), opt_text()),
            prop::option::of(prop::collection::vec(
                ".{0,6}".prop_map(Value::String),
                0..4,
            )),
            (
                opt_text(),
                opt_bool(),
                prop::option::of(logo),
                opt_text(),
                opt_text(),
            ),
            (prop::option::of(sso), prop::option::of(jit)),
            (prop::option::of(any_json()), prop::option::of(any_json())),
        )
            .prop_map(
                |(
                    (id, name, dn, dl),
                    keywords,
                    (status, beta, logo, color, sso_url),
                    (sso, jit),
                    (prov, config),
                )| {
                    object_of(vec![
                        ("_id", id),
                        ("name", name),
                        ("displayName", dn),
                        ("displayLabel", dl),
                        ("keywords", keywords.map(Value::Array)),
                        ("status", status),
                        ("beta", beta),
                        ("logo", logo),
                        ("color", color),
                        ("ssoUrl", sso_url),
                        ("sso", sso),
                        ("jit", jit),
                        ("provision", prov),
                        ("config", config),
                    ])
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig::default())]

        /// An application is any JSON object, kept exactly: every field, known or not, survives
        /// decoding and encoding, through `from_json` and through serde alike.
        #[test]
        fn application_keeps_any_object_exactly(
            fields in prop::collection::vec((".{0,8}", any_json()), 0..8),
        ) {
            let doc = Value::Object(fields.into_iter().collect());
            let app = Application::from_json(doc.clone());
            prop_assert!(app.is_some(), "every object is an application");
            let app = app.unwrap_or_default();
            prop_assert_eq!(app.to_value(), doc.clone());
            let text = serde_json::to_string(&app).expect("an application encodes");
            let again: Application = serde_json::from_str(&text).expect("and decodes again");
            prop_assert_eq!(again.into_value(), doc);
        }

        /// Anything that is not an object is refused without a panic.
        #[test]
        fn application_refuses_non_objects(doc in any_json()) {
            // An object generated here is wrapped in a list, which is not an object either.
            let doc = if doc.is_object() { Value::Array(vec![doc]) } else { doc };
            prop_assert!(Application::from_json(doc.clone()).is_none());
            prop_assert!(serde_json::from_value::<Application>(doc).is_err());
        }

        /// Every template the spec allows decodes, and fields it has never heard of change
        /// nothing in what it decodes to.
        #[test]
        fn template_decodes_what_the_spec_allows_and_tolerates_unknown_fields(
            doc in template_json(),
            extra in unknown_fields(),
        ) {
            let plain: Template = serde_json::from_value(Value::Object(doc.clone()))
                .map_err(|e| TestCaseError::fail(format!("{e}: {doc:?}")))?;
            let mut with_extra = doc.clone();
            with_extra.extend(extra);
            let extended: Template = serde_json::from_value(Value::Object(with_extra))
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(plain, extended);
        }

        /// Whatever JSON arrives, decoding a template answers (maybe with an error), never panics.
        #[test]
        fn template_decoding_never_panics(doc in any_json()) {
            let _ = serde_json::from_value::<Template>(doc);
        }
    }
}
