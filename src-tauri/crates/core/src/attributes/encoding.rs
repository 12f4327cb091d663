//! Attribute rows as they live in an application's JSON (docs/attribute-encoding.md).
//!
//! [`read_rows`] turns `config.databaseAttributes.value` and `config.constantAttributes.value`
//! into [`AttributeRow`]s, keeps the entries it does not understand as [`UnreadEntry`]s, and
//! reports the JIT-required attributes the application lacks. [`write_rows`] puts rows back.
//!
//! Promises:
//! - `write_rows(app, &read_rows(app, reqs))` is `app`, value for value: an untouched row is
//!   written as the very entry it came from, unread entries keep their place, and a list that
//!   was absent is not created unless a row needs it.
//! - An edited row keeps every key of its original entry we do not manage.
//! - Rows are always paired with the application they were read from: a row's [`RowOrigin`] and
//!   an unread entry's index point into that application's lists.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::rules::catalogue::property_like;
use crate::jumpcloud::Template;

/// Prefix that marks a custom user attribute in `databaseAttributes` (`attributes.badge`).
pub const CUSTOM_PREFIX: &str = "attributes.";

/// Template name of JumpCloud's custom SAML 2.0 connector, whose rows are all free.
pub const CUSTOM_CONNECTOR_TEMPLATE: &str = "custom-saml-app";

/// Where a row's value comes from.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", content = "value", rename_all = "camelCase")]
pub enum Source {
    /// A `systemuser` field, e.g. `lastname`.
    Property(String),
    /// A custom user attribute name, e.g. `badge` (stored as `attributes.badge`).
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
            Source::Custom(c) => format!("{CUSTOM_PREFIX}{c}"),
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

    fn label(self) -> &'static str {
        match self {
            AttributeList::Database => "User Attributes",
            AttributeList::Constant => "Constant Attributes",
        }
    }
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
            None => Source::Property(value.to_owned()),
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
/// `"required": true, "readOnly": true` (what SSO Desk and the console write on such entries).
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
    out
}

/// The entry to write for `row`. An untouched row (its origin entry still reads as the same
/// name, source and state, in the same list) is its original entry, verbatim. Otherwise the
/// original entry's other keys are kept and `name`, `value`, `visible` (and for JIT rows
/// `required`, `readOnly`) are set.
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
    if row.jit_required {
        object.insert("required".to_owned(), Value::Bool(true));
        object.insert("readOnly".to_owned(), Value::Bool(true));
    }
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

/// Puts `entries` at `config.<list>.value`, creating `config` and the list object (with its
/// type and label) when they are missing or not objects.
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
        let mut fresh = Map::new();
        fresh.insert("type".to_owned(), Value::String("list".to_owned()));
        fresh.insert("label".to_owned(), Value::String(list.label().to_owned()));
        *holder = Value::Object(fresh);
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
