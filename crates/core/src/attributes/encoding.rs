//! Attribute rows as they live in an application's JSON (docs/attribute-encoding.md).
//!
//! [`read_rows`] turns `config.databaseAttributes.value` and `config.constantAttributes.value`
//! into [`AttributeRow`]s, keeps the entries it does not understand as [`UnreadEntry`]s, and
//! reports the JIT-required attributes the application lacks. [`write_rows`] puts rows back.
//!
//! Promises:
//! - `write_rows(app, &read_rows(app, reqs))` is `app`, value for value: an untouched row is
//!   written as the very entry it came from, unread entries keep their place, and a list that
//!   was absent is not created unless a row needs it. Reading never rewrites anything.
//! - [`write_rows_for_save`] is what a save sends: the same, plus the entries earlier versions
//!   wrote with the `attributes.` prefix rewritten to the bare custom-attribute name, so the
//!   review shows that rewrite and it happens only when the admin saves.
//! - An edited row keeps every key of its original entry we do not manage; flags already there
//!   (`required`, `readOnly`) are kept, never added.
//! - Rows are always paired with the application they were read from: a row's [`RowOrigin`] and
//!   an unread entry's index point into that application's lists.
//! - An application holding anything the encoding does not understand (an entry that is not an
//!   object, a list of an unknown `type`, ...) is read with [`AttributeRows::read_only`] set:
//!   the editor refuses every edit and save, and says why ([`not_understood`]).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::rules::catalogue::{is_user_property, property_like};
use crate::jumpcloud::Template;

/// Prefix earlier versions of SSO Desk wrote before a custom user attribute's name
/// (`attributes.badge`). Read as a custom attribute; a save writes the bare name.
pub const CUSTOM_PREFIX: &str = "attributes.";

/// The `type`s of an attribute list container the encoding understands: `constantAttributes` is
/// what JumpCloud sent in a real `databaseAttributes` (jcapi-python issue #48), `list` what
/// earlier versions of SSO Desk (and the sandbox) write. A container with no `type` is read too.
pub const KNOWN_LIST_TYPES: [&str; 2] = ["constantAttributes", "list"];

/// The fields of the v1 `systemuserreturn` object (its `attributes` list aside): the built-in
/// properties. A bare `databaseAttributes` value that is one of them reads as that property, even
/// when a custom attribute has the same name (the property wins).
pub const SYSTEMUSER_FIELDS: &[&str] = &[
    "_id",
    "account_locked",
    "account_locked_date",
    "activated",
    "addresses",
    "admin",
    "allow_public_key",
    "alternateEmail",
    "badLoginAttempts",
    "company",
    "costCenter",
    "created",
    "creationSource",
    "delegatedAuthority",
    "department",
    "description",
    "disableDeviceMaxLoginAttempts",
    "displayname",
    "email",
    "employeeIdentifier",
    "employeeType",
    "enable_managed_uid",
    "enable_user_portal_multifactor",
    "external_dn",
    "external_password_expiration_date",
    "external_source_type",
    "externally_managed",
    "firstname",
    "jobTitle",
    "lastname",
    "ldap_binding_user",
    "location",
    "managedAppleId",
    "manager",
    "mfa",
    "mfaEnrollment",
    "middlename",
    "organization",
    "password_date",
    "password_expiration_date",
    "password_expired",
    "password_never_expires",
    "passwordless_sudo",
    "phoneNumbers",
    "public_key",
    "recoveryEmail",
    "relationships",
    "restrictedFields",
    "samba_service_user",
    "ssh_keys",
    "state",
    "sudo",
    "suspended",
    "totp_enabled",
    "unix_guid",
    "unix_uid",
    "username",
];

/// Whether `name` is a built-in property of a JumpCloud user (see [`SYSTEMUSER_FIELDS`]) or one
/// the property picker offers.
pub fn is_builtin_property(name: &str) -> bool {
    SYSTEMUSER_FIELDS.contains(&name) || is_user_property(name)
}

/// Template name of JumpCloud's custom SAML 2.0 connector, whose rows are all free.
pub const CUSTOM_CONNECTOR_TEMPLATE: &str = "custom-saml-app";

/// Where a row's value comes from.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", content = "value", rename_all = "camelCase")]
pub enum Source {
    /// A `systemuser` field, e.g. `lastname`.
    Property(String),
    /// A custom user attribute name, e.g. `badge`, stored bare (`"value": "badge"`). A bare name
    /// that is also a built-in property reads as the property: the property wins.
    Custom(String),
    /// A fixed value sent for every user.
    Constant(String),
}

impl Source {
    /// The list an entry with this source is stored in.
    pub fn list(&self) -> AttributeList {
        match self {
            Source::Property(_) | Source::Custom(_) => AttributeList::Database,
            Source::Constant(_) => AttributeList::Constant,
        }
    }

    /// The entry's `value` string.
    pub fn encoded_value(&self) -> String {
        match self {
            Source::Property(p) => p.clone(),
            Source::Custom(c) => c.clone(),
            Source::Constant(c) => c.clone(),
        }
    }
}

/// One of the two lists of an application's `config` that hold attribute entries.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, specta::Type,
)]
#[serde(rename_all = "camelCase")]
pub enum AttributeList {
    /// `config.databaseAttributes`: properties and custom attributes.
    Database,
    /// `config.constantAttributes`: constants.
    Constant,
}

impl AttributeList {
    pub const ALL: [AttributeList; 2] = [AttributeList::Database, AttributeList::Constant];

    /// The key under `config`.
    pub fn key(self) -> &'static str {
        match self {
            AttributeList::Database => "databaseAttributes",
            AttributeList::Constant => "constantAttributes",
        }
    }

    /// The container SSO Desk creates when an application has no such list, shaped like the
    /// real one (jcapi-python issue #48): `label`, `readOnly`, `toggle`, `tooltip`, `type`.
    fn fresh_container(self) -> Map<String, Value> {
        let (label, message) = match self {
            AttributeList::Database => (
                "USER ATTRIBUTES MAPPING:",
                "The value must be the JumpCloud system user property name, e.g. email, firstname, lastname, or the name of a custom attribute.",
            ),
            AttributeList::Constant => (
                "CONSTANT ATTRIBUTES:",
                "The value is sent as it is written, for every user.",
            ),
        };
        let container = serde_json::json!({
            "label": label,
            "readOnly": false,
            "toggle": null,
            "tooltip": {"template": "Dynamic", "variables": {"icon": "info", "message": message}},
            "type": "constantAttributes",
        });
        match container {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }
}

/// Whether the application sends the user's groups, and under which attribute name
/// (`config.includeGroups.value`, `config.groupsAttributeName.value` in the v1 spec).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct GroupAttribute {
    pub on: bool,
    pub name: String,
}

/// The group attribute as `application` holds it: off and unnamed when the keys are absent (or
/// not of the spec's type, which makes the application read-only anyway).
pub fn read_group_attribute(application: &Value) -> GroupAttribute {
    GroupAttribute {
        on: application
            .pointer("/config/includeGroups/value")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        name: application
            .pointer("/config/groupsAttributeName/value")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
    }
}

/// Writes both group keys (`includeGroups`, `groupsAttributeName`), keeping every other key of
/// their config entries; an absent entry is created as `{"value": ...}`.
pub fn set_group_attribute(application: &mut Value, groups: &GroupAttribute) {
    set_config_value(application, "includeGroups", Value::Bool(groups.on));
    set_config_value(
        application,
        "groupsAttributeName",
        Value::String(groups.name.clone()),
    );
}

fn set_config_value(application: &mut Value, key: &str, value: Value) {
    let Some(root) = as_object_or_replace(application) else {
        return;
    };
    let config = root
        .entry("config")
        .or_insert_with(|| Value::Object(Map::new()));
    let Some(config) = as_object_or_replace(config) else {
        return;
    };
    let entry = config.entry(key).or_insert(Value::Null);
    if let Some(entry) = as_object_or_replace(entry) {
        entry.insert("value".to_owned(), value);
    }
}

/// Something in an application's attribute configuration the encoding does not understand.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NotUnderstood {
    /// Where, as a JSON path (`config.databaseAttributes.value[2]`).
    pub path: String,
    /// What is wrong, without the value itself (it may be anything, a secret included).
    pub detail: String,
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Everything in `application`'s attribute lists and group keys the encoding does not
/// understand, in document order. Empty for everything SSO Desk can edit safely.
pub fn not_understood(application: &Value) -> Vec<NotUnderstood> {
    let mut out = Vec::new();
    let Some(config) = application.get("config") else {
        return out;
    };
    let mut push = |path: String, detail: String| out.push(NotUnderstood { path, detail });
    if !config.is_object() {
        push(
            "config".to_owned(),
            format!("config is {}, not an object", json_kind(config)),
        );
        return out;
    }
    for list in AttributeList::ALL {
        let path = format!("config.{}", list.key());
        let Some(container) = config.get(list.key()) else {
            continue;
        };
        let Some(container) = container.as_object() else {
            push(
                path,
                format!("the list is {}, not an object", json_kind(container)),
            );
            continue;
        };
        match container.get("type") {
            None => {}
            Some(Value::String(t)) if KNOWN_LIST_TYPES.contains(&t.as_str()) => {}
            Some(Value::String(t)) => push(
                format!("{path}.type"),
                format!("the list has type \"{t}\", which SSO Desk does not know"),
            ),
            Some(other) => push(
                format!("{path}.type"),
                format!("the list's type is {}, not a string", json_kind(other)),
            ),
        }
        match container.get("value") {
            None | Some(Value::Array(_)) => {}
            Some(other) => push(
                format!("{path}.value"),
                format!("the entries are {}, not a list", json_kind(other)),
            ),
        }
        for (index, entry) in list_entries(application, list)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let at = format!("{path}.value[{index}]");
            let Some(object) = entry.as_object() else {
                push(
                    at,
                    format!("the entry is {}, not an object", json_kind(entry)),
                );
                continue;
            };
            for key in ["name", "value"] {
                match object.get(key) {
                    Some(Value::String(_)) => {}
                    None => push(at.clone(), format!("the entry has no `{key}`")),
                    Some(other) => push(
                        at.clone(),
                        format!("the entry's `{key}` is {}, not a string", json_kind(other)),
                    ),
                }
            }
        }
    }
    for (key, wanted) in [
        ("includeGroups", "a boolean"),
        ("groupsAttributeName", "a string"),
    ] {
        let Some(entry) = config.get(key) else {
            continue;
        };
        let path = format!("config.{key}");
        let Some(object) = entry.as_object() else {
            push(
                path,
                format!("the setting is {}, not an object", json_kind(entry)),
            );
            continue;
        };
        match object.get("value") {
            None => {}
            Some(v) if json_kind(v) == wanted => {}
            Some(v) => push(
                format!("{path}.value"),
                format!("the value is {}, not {wanted}", json_kind(v)),
            ),
        }
    }
    out
}

/// The sentence the editor shows when it is read-only: `None` when everything is understood.
pub fn read_only_reason(application: &Value) -> Option<String> {
    let found = not_understood(application);
    let first = found.first()?;
    let more = match found.len() - 1 {
        0 => String::new(),
        1 => " (and 1 more such place)".to_owned(),
        n => format!(" (and {n} more such places)"),
    };
    Some(format!(
        "SSO Desk does not understand {}: {}{more}. The attributes are shown read-only so that nothing is written over what it cannot read.",
        first.path, first.detail
    ))
}

/// An entry of `databaseAttributes` written by an earlier version, with the `attributes.` prefix.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LegacyEntry {
    pub index: u32,
    pub sp_name: String,
    /// The custom attribute name (what a save writes).
    pub custom: String,
}

/// The prefixed entries of `application` a save would rewrite to the bare name.
pub fn legacy_entries(application: &Value) -> Vec<LegacyEntry> {
    list_entries(application, AttributeList::Database)
        .into_iter()
        .flatten()
        .enumerate()
        .filter_map(|(index, entry)| {
            let custom = entry.get("value")?.as_str()?.strip_prefix(CUSTOM_PREFIX)?;
            Some(LegacyEntry {
                index: index_u32(index),
                sp_name: entry.get("name")?.as_str()?.to_owned(),
                custom: custom.to_owned(),
            })
        })
        .collect()
}

/// Which entry of the application a row was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RowOrigin {
    pub list: AttributeList,
    pub index: u32,
}

/// One attribute the application may send in its assertion.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AttributeRow {
    /// The attribute name the service provider expects (SAML names are case-sensitive).
    pub sp_name: String,
    pub source: Source,
    /// The connector's template requires this attribute for JIT: the name is locked and the row
    /// cannot be deleted, only switched off.
    pub jit_required: bool,
    /// Sent in the assertion (`visible` is not `false`).
    pub on: bool,
    /// The entry this row was read from; `None` for a row added in the editor.
    pub origin: Option<RowOrigin>,
}

/// An entry kept as it was because its shape is not understood (not an object, no string
/// `name`, or no string `value`). Shown read-only; written back in place.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UnreadEntry {
    pub list: AttributeList,
    pub index: u32,
    /// The entry as compact JSON, for display (and for writing when the application at hand
    /// no longer holds it).
    pub raw: String,
    /// The entry's `name` when it has a string one.
    pub name: Option<String>,
}

/// An attribute the connector's template requires for JIT, with the property it suggests.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct JitRequirement {
    pub sp_name: String,
    /// The JumpCloud property the template proposes; empty when the template gives none we can
    /// read and the SP name matches no property.
    pub default_property: String,
}

/// Everything the "User attributes" tab shows for one application.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AttributeRows {
    /// Database rows first, then constants, each in list order (the assertion's order).
    pub rows: Vec<AttributeRow>,
    pub unread: Vec<UnreadEntry>,
    /// JIT-required attributes with no entry at all (template drift).
    pub missing: Vec<JitRequirement>,
    /// The group attribute; `None` in a draft saved before SSO Desk read it (then the
    /// application's group keys are left as they are).
    #[serde(default)]
    pub groups: Option<GroupAttribute>,
    /// Why the editor is read-only ([`read_only_reason`]); `None` when it can edit.
    #[serde(default)]
    pub read_only: Option<String>,
}

/// The JIT-required attributes of a template as JumpCloud sends it (`jit.attributes`: SP name ->
/// default property).
///
/// The map is untyped in the spec: a non-string value still makes the attribute required. Its
/// default property is then a nested string `value` if there is one, else the catalogue
/// property spelt like the SP name (ignoring case), else empty.
pub fn jit_requirements(template: &Value) -> Vec<JitRequirement> {
    let Some(map) = template
        .get("jit")
        .and_then(|jit| jit.get("attributes"))
        .and_then(Value::as_object)
    else {
        return Vec::new();
    };
    map.iter()
        .map(|(sp_name, default)| {
            let given = default
                .as_str()
                .or_else(|| default.get("value").and_then(Value::as_str));
            requirement(sp_name, given)
        })
        .collect()
}

/// The JIT-required attributes of a template the client has already decoded. (Its serialised
/// form lists attributes as an array, which [`jit_requirements`] does not read.)
pub fn template_requirements(template: &Template) -> Vec<JitRequirement> {
    template
        .jit
        .attributes
        .iter()
        .map(|a| requirement(&a.name, a.default_property.as_deref()))
        .collect()
}

fn requirement(sp_name: &str, default_property: Option<&str>) -> JitRequirement {
    JitRequirement {
        sp_name: sp_name.to_owned(),
        default_property: default_property
            .or_else(|| property_like(sp_name))
            .unwrap_or_default()
            .to_owned(),
    }
}

/// What an understood entry says: SP name, source, on.
fn parse_entry(list: AttributeList, entry: &Value) -> Option<(String, Source, bool)> {
    let object = entry.as_object()?;
    let name = object.get("name")?.as_str()?;
    let value = object.get("value")?.as_str()?;
    let source = match list {
        AttributeList::Constant => Source::Constant(value.to_owned()),
        AttributeList::Database => match value.strip_prefix(CUSTOM_PREFIX) {
            Some(custom) => Source::Custom(custom.to_owned()),
            // A built-in property wins over a custom attribute of the same name; an empty value
            // is an unfinished property row.
            None if value.is_empty() || is_builtin_property(value) => {
                Source::Property(value.to_owned())
            }
            None => Source::Custom(value.to_owned()),
        },
    };
    let on = object.get("visible") != Some(&Value::Bool(false));
    Some((name.to_owned(), source, on))
}

fn list_entries(application: &Value, list: AttributeList) -> Option<&Vec<Value>> {
    application
        .get("config")?
        .get(list.key())?
        .get("value")?
        .as_array()
}

fn entry_at(application: &Value, origin: RowOrigin) -> Option<&Value> {
    list_entries(application, origin.list)?.get(usize::try_from(origin.index).ok()?)
}

fn index_u32(index: usize) -> u32 {
    // Attribute lists hold a handful of entries; saturating keeps this total without a panic.
    u32::try_from(index).unwrap_or(u32::MAX)
}

/// Reads an application's attribute rows. A row is JIT-required when its SP name is one of
/// `requirements` (exact match, as SAML names are case-sensitive).
pub fn read_rows(application: &Value, requirements: &[JitRequirement]) -> AttributeRows {
    read_with(
        application,
        |sp_name, _| requirements.iter().any(|r| r.sp_name == sp_name),
        requirements,
    )
}

/// Reads rows when the template cannot be read: an entry is JIT-required when it carries
/// `"required": true, "readOnly": true` (the console's flags; earlier versions of SSO Desk wrote them too).
/// Nothing can be reported missing.
pub fn read_rows_without_template(application: &Value) -> AttributeRows {
    read_with(
        application,
        |_, entry| {
            entry.get("required") == Some(&Value::Bool(true))
                && entry.get("readOnly") == Some(&Value::Bool(true))
        },
        &[],
    )
}

fn read_with(
    application: &Value,
    is_jit: impl Fn(&str, &Value) -> bool,
    requirements: &[JitRequirement],
) -> AttributeRows {
    let mut out = AttributeRows::default();
    for list in AttributeList::ALL {
        let Some(entries) = list_entries(application, list) else {
            continue;
        };
        for (index, entry) in entries.iter().enumerate() {
            match parse_entry(list, entry) {
                Some((sp_name, source, on)) => out.rows.push(AttributeRow {
                    jit_required: is_jit(&sp_name, entry),
                    sp_name,
                    source,
                    on,
                    origin: Some(RowOrigin {
                        list,
                        index: index_u32(index),
                    }),
                }),
                None => out.unread.push(UnreadEntry {
                    list,
                    index: index_u32(index),
                    raw: entry.to_string(),
                    name: entry.get("name").and_then(Value::as_str).map(str::to_owned),
                }),
            }
        }
    }
    out.missing = requirements
        .iter()
        .filter(|r| {
            let has_row = out.rows.iter().any(|row| row.sp_name == r.sp_name);
            let has_unread = out
                .unread
                .iter()
                .any(|u| u.name.as_deref() == Some(r.sp_name.as_str()));
            !has_row && !has_unread
        })
        .cloned()
        .collect();
    out.groups = Some(read_group_attribute(application));
    out.read_only = read_only_reason(application);
    out
}

/// The entry to write for `row`. An untouched row (its origin entry still reads as the same
/// name, source and state, in the same list) is its original entry, verbatim. Otherwise the
/// original entry's other keys are kept and `name`, `value`, `visible` are set. JIT-required
/// rows get no `required`/`readOnly` of their own: that comes from the template, and flags
/// already there are kept.
fn encode_row(application: &Value, row: &AttributeRow) -> Value {
    let original = row
        .origin
        .and_then(|origin| entry_at(application, origin).map(|e| (origin, e)));
    if let Some((origin, entry)) = original {
        if origin.list == row.source.list() {
            if let Some((name, source, on)) = parse_entry(origin.list, entry) {
                if name == row.sp_name && source == row.source && on == row.on {
                    return entry.clone();
                }
            }
        }
    }
    let mut object = original
        .and_then(|(_, entry)| entry.as_object().cloned())
        .unwrap_or_default();
    object.insert("name".to_owned(), Value::String(row.sp_name.clone()));
    object.insert(
        "value".to_owned(),
        Value::String(row.source.encoded_value()),
    );
    object.insert("visible".to_owned(), Value::Bool(row.on));
    Value::Object(object)
}

/// The complete application with its two attribute lists rewritten from `rows`; every other
/// field is kept. `rows` must have been read from `application` (see the module promises).
pub fn write_rows(application: &Value, rows: &AttributeRows) -> Value {
    let mut out = application.clone();
    for list in AttributeList::ALL {
        // Each written entry with the index it had in this list, if it came from it.
        let mut entries: Vec<(Option<u32>, Value)> = rows
            .rows
            .iter()
            .filter(|row| row.source.list() == list)
            .map(|row| {
                let key = row.origin.filter(|o| o.list == list).map(|o| o.index);
                (key, encode_row(application, row))
            })
            .collect();
        let mut unread: Vec<&UnreadEntry> = rows.unread.iter().filter(|u| u.list == list).collect();
        unread.sort_by_key(|u| u.index);
        for entry in unread {
            let value = entry_at(
                application,
                RowOrigin {
                    list,
                    index: entry.index,
                },
            )
            .cloned()
            .or_else(|| serde_json::from_str(&entry.raw).ok())
            .unwrap_or(Value::Null);
            entries.insert(
                unread_position(&entries, entry.index),
                (Some(entry.index), value),
            );
        }
        let entries: Vec<Value> = entries.into_iter().map(|(_, value)| value).collect();
        let existed = out
            .get("config")
            .and_then(|c| c.get(list.key()))
            .and_then(|l| l.get("value"))
            .is_some_and(Value::is_array);
        if entries.is_empty() && !existed {
            continue;
        }
        set_list(&mut out, list, entries);
    }
    if let Some(groups) = &rows.groups {
        let had = read_group_attribute(application);
        if groups.on != had.on {
            set_config_value(&mut out, "includeGroups", Value::Bool(groups.on));
        }
        if groups.name != had.name {
            set_config_value(
                &mut out,
                "groupsAttributeName",
                Value::String(groups.name.clone()),
            );
        }
    }
    out
}

/// What a save sends: [`write_rows`], with every `databaseAttributes` entry still carrying the
/// `attributes.` prefix of earlier versions rewritten to the bare custom-attribute name (all its
/// other keys kept). Only a save calls this, so an application is never rewritten by reading it.
pub fn write_rows_for_save(application: &Value, rows: &AttributeRows) -> Value {
    let mut out = write_rows(application, rows);
    if let Some(entries) = out
        .get_mut("config")
        .and_then(|c| c.get_mut(AttributeList::Database.key()))
        .and_then(|l| l.get_mut("value"))
        .and_then(Value::as_array_mut)
    {
        for entry in entries.iter_mut().filter_map(Value::as_object_mut) {
            let bare = entry
                .get("value")
                .and_then(Value::as_str)
                .and_then(|v| v.strip_prefix(CUSTOM_PREFIX))
                .map(str::to_owned);
            if let Some(bare) = bare {
                entry.insert("value".to_owned(), Value::String(bare));
            }
        }
    }
    out
}

/// Where an unread entry that was at `index` goes so that it keeps its neighbours: before the
/// first entry that came after it, else after the last entry that came before it, else first.
fn unread_position(entries: &[(Option<u32>, Value)], index: u32) -> usize {
    if let Some(p) = entries
        .iter()
        .position(|(key, _)| key.is_some_and(|k| k > index))
    {
        return p;
    }
    entries
        .iter()
        .rposition(|(key, _)| key.is_some_and(|k| k < index))
        .map_or(0, |p| p + 1)
}

/// Puts `entries` at `config.<list>.value`, creating `config` and the list container (shaped
/// like JumpCloud's) when they are missing; every key of an existing container is kept.
fn set_list(application: &mut Value, list: AttributeList, entries: Vec<Value>) {
    let Some(root) = as_object_or_replace(application) else {
        return;
    };
    let config = root
        .entry("config")
        .or_insert_with(|| Value::Object(Map::new()));
    let Some(config) = as_object_or_replace(config) else {
        return;
    };
    let holder = config.entry(list.key()).or_insert(Value::Null);
    if !holder.is_object() {
        *holder = Value::Object(list.fresh_container());
    }
    if let Some(holder) = holder.as_object_mut() {
        holder.insert("value".to_owned(), Value::Array(entries));
    }
}

fn as_object_or_replace(value: &mut Value) -> Option<&mut Map<String, Value>> {
    if !value.is_object() {
        *value = Value::Object(Map::new());
    }
    value.as_object_mut()
}
