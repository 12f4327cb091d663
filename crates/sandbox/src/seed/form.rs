//! The SAML form every template and application of the sample organisation carries: the `config`
//! entries of the v1 spec's `application` (and `authClaimConfiguration`), shaped as real objects
//! show them (wire-evidence.md), and the two attribute lists.
//!
//! Promises: every key of the spec's `application.config` is in every form; the choices carry
//! `options` as `[{text, value}]` with integer values; nothing here depends on the seed.

use serde_json::{json, Map, Value};

/// Moves `value` into an object under `key` (no copy, unlike interpolating it in `json!`).
pub(crate) trait With {
    fn with(self, key: &str, value: Value) -> Value;
}

impl With for Value {
    fn with(mut self, key: &str, value: Value) -> Value {
        if let Some(obj) = self.as_object_mut() {
            obj.insert(key.to_string(), value);
        }
        self
    }
}

/// The values an application's SAML form holds; a template's form holds placeholders.
pub(crate) struct FormValues {
    pub(crate) acs_url: String,
    pub(crate) sp_entity_id: String,
    pub(crate) idp_entity_id: String,
    pub(crate) idp_certificate: String,
    pub(crate) idp_private_key: String,
    pub(crate) include_groups: bool,
    pub(crate) groups_attribute_name: String,
}

/// The SAML form every template and application carries: every `config` key of the v1 spec's
/// `application` definition (and `authClaimConfiguration`, which its `applicationtemplate` and PUT
/// example show), with the spec's field metadata (the PUT example's `toggle`, `options` and
/// `tooltip` keys included). The choices (`subjectField`, `overrideNameIdFormat`,
/// `signatureAlgorithm`) carry `options` as the spec types them, `[{text, value}]` with integer
/// values, and store the chosen option's text (which of the two a real object stores is not
/// publicly known). `authClaimConfiguration` is an object of settings with no `value` of its own,
/// as in the PUT example; its values here are made up (unverified). Keys the attribute code
/// reads first come first, in the order they always had.
///
/// Built by moving values in: `json!` would deep-copy every interpolated `Value`, which made
/// seeding slow.
pub(crate) fn saml_form(v: FormValues, database_rows: Vec<Value>, constants: Vec<Value>) -> Value {
    let mut form = Map::new();
    form.insert(
        "acsUrl".into(),
        field("ACS URL", 1, "text", true, Value::String(v.acs_url)),
    );
    form.insert(
        "spEntityId".into(),
        field(
            "SP Entity ID",
            2,
            "text",
            true,
            Value::String(v.sp_entity_id),
        ),
    );
    form.insert(
        "idpEntityId".into(),
        field(
            "IdP Entity ID",
            3,
            "text",
            true,
            Value::String(v.idp_entity_id),
        ),
    );
    form.insert(
        "idpCertificate".into(),
        field(
            "IdP Certificate",
            5,
            "file",
            false,
            Value::String(v.idp_certificate),
        ),
    );
    form.insert(
        "idpPrivateKey".into(),
        field(
            "IdP Private Key",
            6,
            "file",
            false,
            Value::String(v.idp_private_key),
        ),
    );
    form.insert(
        "signAssertion".into(),
        field("Sign Assertion", 7, "checkbox", false, Value::Bool(false)),
    );
    form.insert(
        "signResponse".into(),
        field("Sign Response", 8, "checkbox", false, Value::Bool(true)),
    );
    form.insert(
        "includeGroups".into(),
        field(
            "Include group attribute",
            9,
            "checkbox",
            false,
            Value::Bool(v.include_groups),
        ),
    );
    let mut groups = field(
        "Group attribute name",
        10,
        "text",
        false,
        Value::String(v.groups_attribute_name),
    );
    if let Some(obj) = groups.as_object_mut() {
        obj.insert("dependsOnProperty".into(), json!("includeGroups"));
    }
    form.insert("groupsAttributeName".into(), groups);
    form.insert(
        "constantAttributes".into(),
        attribute_container("CONSTANT ATTRIBUTES:", 11, "Constant", constants),
    );
    form.insert(
        "databaseAttributes".into(),
        attribute_container("USER ATTRIBUTES MAPPING:", 12, "Dynamic", database_rows),
    );
    form.insert(
        "spCertificate".into(),
        field(
            "SP Certificate",
            4,
            "file",
            false,
            Value::String(String::new()),
        ),
    );
    form.insert(
        "subjectField".into(),
        choice(
            "SAMLSubject NameID",
            13,
            &["email", "username", "firstname", "lastname", "description"],
            "email",
        ),
    );
    form.insert(
        "overrideNameIdFormat".into(),
        choice(
            "SAMLSubject NameID Format",
            14,
            &NAME_ID_FORMAT_OPTIONS,
            NAME_ID_FORMAT_OPTIONS[0],
        ),
    );
    form.insert(
        "signatureAlgorithm".into(),
        choice(
            "Signature Algorithm",
            15,
            &["RSA-SHA256", "RSA-SHA1"],
            "RSA-SHA256",
        ),
    );
    form.insert(
        "idpInitUrl".into(),
        field(
            "IdP-Initiated URL",
            16,
            "text",
            false,
            Value::String(String::new()),
        ),
    );
    form.insert(
        "defaultTargetUrl".into(),
        field(
            "Default RelayState",
            17,
            "text",
            false,
            Value::String(String::new()),
        ),
    );
    form.insert(
        "declareRedirectEndpoint".into(),
        field(
            "Declare Redirect Endpoint",
            18,
            "checkbox",
            false,
            Value::Bool(false),
        ),
    );
    form.insert(
        "spErrorFlow".into(),
        field("SP Error Flow", 19, "checkbox", false, Value::Bool(false)),
    );
    form.insert(
        "authClaimConfiguration".into(),
        json!({
            "authnContextMappings": {"type": "list", "value": []},
            "authnContextMode": {"type": "select", "value": "none"},
            "sendAmrClaim": {"readOnly": false, "type": "checkbox", "value": false},
            "singleAuthnContextValue": {"type": "text", "value": ""},
            "type": "object",
            "visible": false,
        }),
    );
    Value::Object(form)
}

/// The NameID formats the seeded connectors offer (SAML 1.1's and 2.0's common ones).
pub(crate) const NAME_ID_FORMAT_OPTIONS: [&str; 4] = [
    "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
    "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
    "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
    "urn:oasis:names:tc:SAML:2.0:nameid-format:transient",
];

/// A select field whose `options` are `[{text, value}]` with integer values (v1 spec), storing
/// the chosen option's text.
fn choice(label: &str, position: u32, options: &[&str], value: &str) -> Value {
    let options: Vec<Value> = options
        .iter()
        .enumerate()
        .map(|(i, text)| json!({"text": text, "value": i}))
        .collect();
    let mut entry = field(
        label,
        position,
        "select",
        false,
        Value::String(value.to_owned()),
    );
    if let Some(obj) = entry.as_object_mut() {
        obj.insert("options".into(), Value::Array(options));
    }
    entry
}

/// An attribute list as a real application stores one (jcapi-python issue #48): both lists have
/// `type` "constantAttributes", `toggle` null and a `tooltip` object.
pub(crate) fn attribute_container(
    label: &str,
    position: u32,
    template: &str,
    rows: Vec<Value>,
) -> Value {
    json!({
        "label": label, "position": position, "type": "constantAttributes", "mutable": true,
        "required": false, "readOnly": false, "visible": true, "toggle": null, "options": null,
        "tooltip": {"template": template, "variables": {"icon": "info",
            "message": "The value must be the name of a JumpCloud user property (e.g. email, firstname, lastname) or custom attribute."}},
    })
    .with("value", Value::Array(rows))
}

fn field(label: &str, position: u32, kind: &str, required: bool, value: Value) -> Value {
    json!({
        "label": label, "position": position, "type": kind, "required": required,
        "readOnly": false, "visible": true, "toggle": null, "options": null,
    })
    .with("value", value)
}
