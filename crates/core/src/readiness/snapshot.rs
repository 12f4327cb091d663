//! The organisation as readiness needs it, loaded once and read many times: users with their
//! property values and custom attributes, user groups with their member users and member groups,
//! applications with their attribute rows and bindings, and what each template requires for JIT.
//!
//! Promises: building resolves every id to a dense index once (unknown ids in bindings or
//! memberships are dropped and counted, never fatal), and resolves each application's rows to
//! value columns once, so computing readiness touches no hash map and no string per user.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use serde_json::Value;

use super::columns::{ColumnId, Columns, UserIndex};
use super::ReadinessError;
use crate::attributes::encoding::CUSTOM_CONNECTOR_TEMPLATE;
use crate::attributes::{
    jit_requirements, read_rows, read_rows_without_template, AttributeRows, JitRequirement, Source,
};

/// What a template says about JIT.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JitFacts {
    /// The template's `sso.jit`: the connector supports JIT.
    pub jit: bool,
    /// What JIT needs (the template's `jit.attributes`).
    pub requirements: Vec<JitRequirement>,
}

impl JitFacts {
    /// Reads `sso.jit` and `jit.attributes` from a v1 application template object.
    pub fn from_template(template: &Value) -> Self {
        Self {
            jit: template.pointer("/sso/jit").and_then(Value::as_bool) == Some(true),
            requirements: jit_requirements(template),
        }
    }
}

/// One application and who it is bound to, by id.
#[derive(Debug, Clone)]
pub struct ApplicationInput {
    /// The application object as the API sent it; its rows are read from it.
    pub json: Value,
    /// Ids of the user groups bound to the application.
    pub user_groups: Vec<String>,
    /// Ids of users bound to the application directly.
    pub users: Vec<String>,
}

/// The identity columns every report shows for a user.
#[derive(Debug, Clone)]
pub(crate) struct UserIdentity {
    pub(crate) id: Arc<str>,
    pub(crate) username: Arc<str>,
    pub(crate) email: Arc<str>,
    pub(crate) name: Arc<str>,
}

/// A value an application sends, resolved to where it lives in the snapshot.
#[derive(Debug, Clone)]
pub(crate) enum ValueRef {
    /// A property; `None` when no user has it (everyone reads empty).
    Property(Arc<str>, Option<ColumnId>),
    /// A custom attribute; `None` when no user has it.
    Custom(Arc<str>, Option<ColumnId>),
    /// A constant and whether it is filled.
    Constant(Arc<str>, bool),
}

#[derive(Debug, Clone)]
pub(crate) struct CompiledRow {
    pub(crate) name: Arc<str>,
    pub(crate) value: ValueRef,
    pub(crate) on: bool,
    pub(crate) jit_required: bool,
}

#[derive(Debug)]
pub(crate) struct CompiledApplication {
    pub(crate) id: Arc<str>,
    pub(crate) label: Arc<str>,
    pub(crate) template: Arc<str>,
    pub(crate) json: Value,
    pub(crate) rows: Vec<CompiledRow>,
    /// JIT-required SP names with no row at all (template drift): nothing is sent for them.
    pub(crate) unmapped: Vec<Arc<str>>,
    pub(crate) jit: bool,
    pub(crate) name_id: ValueRef,
    /// The attribute name the user's groups are sent under; `None` when groups are not sent.
    pub(crate) group_attribute: Option<Arc<str>>,
    pub(crate) groups: Vec<u32>,
    /// Users bound directly, sorted, without repeats.
    pub(crate) users: Vec<UserIndex>,
}

#[derive(Debug, Default)]
pub(crate) struct Group {
    /// The group's name (what a group attribute sends); its id when the name is not known.
    pub(crate) name: Arc<str>,
    pub(crate) users: Vec<UserIndex>,
    pub(crate) groups: Vec<u32>,
}

/// An immutable, indexed picture of an organisation for readiness and assertion previews.
#[derive(Debug, Default)]
pub struct OrgSnapshot {
    pub(crate) users: Vec<UserIdentity>,
    pub(crate) user_index: HashMap<Arc<str>, UserIndex>,
    pub(crate) properties: Columns,
    pub(crate) custom: Columns,
    pub(crate) groups: Vec<Group>,
    pub(crate) applications: Vec<CompiledApplication>,
    pub(crate) application_index: HashMap<Arc<str>, usize>,
    pub(crate) dangling: usize,
}

impl OrgSnapshot {
    pub fn builder() -> OrgSnapshotBuilder {
        OrgSnapshotBuilder::default()
    }

    pub fn user_count(&self) -> usize {
        self.users.len()
    }

    pub fn group_count(&self) -> usize {
        self.groups.len()
    }

    pub fn application_count(&self) -> usize {
        self.applications.len()
    }

    /// The application object as loaded, for callers that show more of it.
    pub fn application_json(&self, id: &str) -> Option<&Value> {
        self.application(id).ok().map(|app| &app.json)
    }

    /// Ids of the loaded applications, in load order.
    pub fn application_ids(&self) -> impl Iterator<Item = &str> {
        self.applications.iter().map(|app| &*app.id)
    }

    /// Bindings and memberships that named an id the snapshot does not hold (dropped).
    pub fn dangling_references(&self) -> usize {
        self.dangling
    }

    pub(crate) fn application(&self, id: &str) -> Result<&CompiledApplication, ReadinessError> {
        self.application_index
            .get(id)
            .and_then(|&i| self.applications.get(i))
            .ok_or_else(|| ReadinessError::UnknownApplication(id.to_owned()))
    }

    pub(crate) fn user(&self, id: &str) -> Result<UserIndex, ReadinessError> {
        self.user_index
            .get(id)
            .copied()
            .ok_or_else(|| ReadinessError::UnknownUser(id.to_owned()))
    }

    /// The text a user has for a value reference (the constant for constants).
    pub(crate) fn text<'a>(&'a self, value: &'a ValueRef, user: UserIndex) -> &'a str {
        match value {
            ValueRef::Property(_, Some(c)) => self.properties.get(*c).map_or("", |c| c.text(user)),
            ValueRef::Custom(_, Some(c)) => self.custom.get(*c).map_or("", |c| c.text(user)),
            ValueRef::Constant(text, _) => text,
            ValueRef::Property(_, None) | ValueRef::Custom(_, None) => "",
        }
    }
}

/// Collects users, groups, applications and templates, then indexes them with [`Self::build`].
#[derive(Debug, Default)]
pub struct OrgSnapshotBuilder {
    users: Vec<UserIdentity>,
    user_index: HashMap<Arc<str>, UserIndex>,
    properties: Columns,
    custom: Columns,
    groups: Vec<(String, Vec<String>, Vec<String>)>,
    group_names: HashMap<String, String>,
    applications: Vec<ApplicationInput>,
    templates: HashMap<String, JitFacts>,
}

/// A user value as the assertion carries it: a string as is, any other JSON as its compact text,
/// and nothing for null (the assertion sends "" for it, as for an absent field).
fn assertion_text(value: &Value) -> Option<Cow<'_, str>> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(Cow::Borrowed(s)),
        other => Some(Cow::Owned(other.to_string())),
    }
}

impl OrgSnapshotBuilder {
    /// Adds a user from a v1 systemuser object: every field becomes a property value (strings as
    /// they are, other values as their JSON text, null as nothing), and each `{name, value}` item
    /// of `attributes` a custom attribute; the first item of a name wins, as in the assertion.
    /// A user without a string `_id` (or `id`) is refused; a repeated id keeps the first user.
    pub fn systemuser(&mut self, user: &Value) -> Result<&mut Self, ReadinessError> {
        let id = user
            .get("_id")
            .or_else(|| user.get("id"))
            .and_then(Value::as_str)
            .ok_or(ReadinessError::UserWithoutId)?;
        if self.user_index.contains_key(id) {
            return Ok(self);
        }
        let index =
            UserIndex::try_from(self.users.len()).map_err(|_| ReadinessError::SnapshotTooLarge)?;
        let Some(fields) = user.as_object() else {
            return Err(ReadinessError::UserWithoutId);
        };
        for (name, value) in fields {
            if let Some(text) = assertion_text(value) {
                self.properties.set(name, index, &text)?;
            }
        }
        if let Some(items) = user.get("attributes").and_then(Value::as_array) {
            // Users carry a handful of custom attributes: a linear scan beats a set here.
            let mut seen: Vec<&str> = Vec::with_capacity(items.len());
            for item in items {
                let Some(name) = item.get("name").and_then(Value::as_str) else {
                    continue;
                };
                if seen.contains(&name) {
                    continue;
                }
                seen.push(name);
                let value = item.get("value").and_then(assertion_text);
                self.custom
                    .set(name, index, value.as_deref().unwrap_or(""))?;
            }
        }
        let field = |name: &str| -> &str { fields.get(name).and_then(Value::as_str).unwrap_or("") };
        let display = field("displayname").trim();
        let name = if display.is_empty() {
            format!("{} {}", field("firstname").trim(), field("lastname").trim())
                .trim()
                .to_owned()
        } else {
            display.to_owned()
        };
        let id: Arc<str> = Arc::from(id);
        self.users.push(UserIdentity {
            id: id.clone(),
            username: Arc::from(field("username")),
            email: Arc::from(field("email")),
            name: Arc::from(name),
        });
        self.user_index.insert(id, index);
        Ok(self)
    }

    /// Adds a user group with the ids of its member users and member user groups.
    pub fn user_group(
        &mut self,
        id: impl Into<String>,
        member_users: Vec<String>,
        member_groups: Vec<String>,
    ) -> &mut Self {
        self.groups.push((id.into(), member_users, member_groups));
        self
    }

    /// [`Self::user_group`] with the group's name, which a group attribute sends.
    pub fn user_group_named(
        &mut self,
        id: impl Into<String>,
        name: impl Into<String>,
        member_users: Vec<String>,
        member_groups: Vec<String>,
    ) -> &mut Self {
        let id = id.into();
        self.group_names.insert(id.clone(), name.into());
        self.user_group(id, member_users, member_groups)
    }

    /// Adds an application with its rows and bindings.
    pub fn application(&mut self, application: ApplicationInput) -> &mut Self {
        self.applications.push(application);
        self
    }

    /// Records what a template (by its `name`) requires for JIT.
    pub fn template(&mut self, name: impl Into<String>, jit: JitFacts) -> &mut Self {
        self.templates.insert(name.into(), jit);
        self
    }

    /// Whether an application will count as JIT once built, judged by the templates recorded so
    /// far: who can sign in matters only for those, so a loader reads direct bindings for them.
    pub fn is_jit(&self, application: &Value) -> bool {
        read_application(application, &self.templates).1
    }

    /// Records a v1 application template object (its `name`, `sso.jit` and `jit.attributes`).
    pub fn template_json(&mut self, template: &Value) -> &mut Self {
        let name = json_str(template, "/name").to_owned();
        self.template(name, JitFacts::from_template(template))
    }

    /// Indexes everything; ids that do not resolve are dropped and counted.
    pub fn build(self) -> OrgSnapshot {
        let OrgSnapshotBuilder {
            users,
            user_index,
            mut properties,
            mut custom,
            groups,
            group_names,
            applications,
            templates,
        } = self;
        properties.finish(users.len());
        custom.finish(users.len());
        let mut dangling = 0usize;

        let mut group_index: HashMap<&str, u32> = HashMap::with_capacity(groups.len());
        for (i, (id, _, _)) in groups.iter().enumerate() {
            if let Ok(i) = u32::try_from(i) {
                group_index.entry(id.as_str()).or_insert(i);
            }
        }
        let resolve =
            |ids: &[String], index: &dyn Fn(&str) -> Option<u32>, dangling: &mut usize| {
                let found: Vec<u32> = ids.iter().filter_map(|id| index(id)).collect();
                *dangling += ids.len() - found.len();
                found
            };
        let find_user = |id: &str| user_index.get(id).copied();
        let find_group = |id: &str| group_index.get(id).copied();

        let compiled_groups: Vec<Group> = groups
            .iter()
            .map(|(id, member_users, member_groups)| Group {
                name: Arc::from(group_names.get(id).unwrap_or(id).as_str()),
                users: resolve(member_users, &find_user, &mut dangling),
                groups: resolve(member_groups, &find_group, &mut dangling),
            })
            .collect();

        let mut compiled = Vec::with_capacity(applications.len());
        let mut application_index = HashMap::with_capacity(applications.len());
        for application in applications {
            let groups = resolve(&application.user_groups, &find_group, &mut dangling);
            let mut users = resolve(&application.users, &find_user, &mut dangling);
            users.sort_unstable();
            users.dedup();
            let app =
                compile_application(application, groups, users, &templates, &properties, &custom);
            if !application_index.contains_key(&app.id) {
                application_index.insert(app.id.clone(), compiled.len());
                compiled.push(app);
            }
        }

        OrgSnapshot {
            users,
            user_index,
            properties,
            custom,
            groups: compiled_groups,
            applications: compiled,
            application_index,
            dangling,
        }
    }
}

fn json_str<'a>(json: &'a Value, pointer: &str) -> &'a str {
    json.pointer(pointer).and_then(Value::as_str).unwrap_or("")
}

fn value_ref(source: &Source, properties: &Columns, custom: &Columns) -> ValueRef {
    match source {
        Source::Property(p) => ValueRef::Property(Arc::from(p.as_str()), properties.id(p)),
        Source::Custom(c) => ValueRef::Custom(Arc::from(c.as_str()), custom.id(c)),
        Source::Constant(k) => ValueRef::Constant(Arc::from(k.as_str()), !k.trim().is_empty()),
    }
}

/// The application's rows, read against what its template requires, and whether it provisions
/// users just in time (its template says so, or any of its rows is JIT-required).
fn read_application(json: &Value, templates: &HashMap<String, JitFacts>) -> (AttributeRows, bool) {
    let template = json_str(json, "/name");
    let template_jit = templates.get(template);
    // Without the template, the rows' own required flags are the best word on what JIT needs.
    let read = match template_jit {
        Some(t) => read_rows(json, &t.requirements),
        // The custom SAML connector has no JIT requirements by definition, whatever its flags.
        None if template == CUSTOM_CONNECTOR_TEMPLATE => read_rows(json, &[]),
        None => read_rows_without_template(json),
    };
    let jit = template_jit.is_some_and(|t| t.jit || !t.requirements.is_empty())
        || json.pointer("/sso/jit").and_then(Value::as_bool) == Some(true)
        || read.rows.iter().any(|r| r.jit_required);
    (read, jit)
}

fn compile_application(
    application: ApplicationInput,
    groups: Vec<u32>,
    users: Vec<UserIndex>,
    templates: &HashMap<String, JitFacts>,
    properties: &Columns,
    custom: &Columns,
) -> CompiledApplication {
    let json = application.json;
    let id = json_str(&json, "/_id");
    let id = if id.is_empty() {
        json_str(&json, "/id")
    } else {
        id
    };
    let template = json_str(&json, "/name");
    let label = [
        json_str(&json, "/displayLabel"),
        json_str(&json, "/displayName"),
        template,
    ]
    .into_iter()
    .find(|s| !s.trim().is_empty())
    .unwrap_or(id);
    let (read, jit) = read_application(&json, templates);
    let rows: Vec<CompiledRow> = read
        .rows
        .iter()
        .map(|row| CompiledRow {
            name: Arc::from(row.sp_name.as_str()),
            value: value_ref(&row.source, properties, custom),
            on: row.on,
            jit_required: row.jit_required,
        })
        .collect();
    let unmapped = read
        .missing
        .iter()
        .map(|r| Arc::from(r.sp_name.as_str()))
        .collect();
    let subject = json_str(&json, "/config/subjectField/value");
    let subject = if subject.is_empty() { "email" } else { subject };
    let name_id = value_ref(&Source::Property(subject.to_owned()), properties, custom);
    let group_attribute = read
        .groups
        .as_ref()
        .filter(|g| g.on && !g.name.trim().is_empty())
        .map(|g| Arc::from(g.name.as_str()));
    CompiledApplication {
        group_attribute,
        id: Arc::from(id),
        label: Arc::from(label),
        template: Arc::from(template),
        rows,
        unmapped,
        jit,
        name_id,
        groups,
        users,
        json,
    }
}
