//! The configured applications as the admin sees them in lists: each application joined with what
//! its connector (template) supports and how many user groups are bound to it, and the reverse
//! view, a user group's applications.
//!
//! What it promises:
//! - **Functionality from the connector**: "JIT Provisioning" means the template's `sso.jit`, and
//!   "Identity Management" the template's `provision` (SCIM). An application whose template is
//!   unknown (deleted from the catalogue, or a catalogue not read yet) falls back to its own
//!   `sso.jit` and claims no SCIM: the label never promises more than the data shows.
//! - **Complete**: [`load`] reads every page of templates, applications, groups and bindings,
//!   reporting progress per stage, and fails as a whole rather than returning half a list.
//! - Rows are sorted by label (case-insensitive), then id, so the order is stable.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::jumpcloud::{
    no_progress, read_each, Access, Application, Binding, Client, Error, Progress, Template, User,
    UserGroup,
};

/// What a list needs to know about a connector.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TemplateFacts {
    /// The template's `name`, which applications refer to.
    pub name: String,
    pub display_name: String,
    pub keywords: Vec<String>,
    pub jit: bool,
    pub scim: bool,
    pub beta: bool,
}

impl From<&Template> for TemplateFacts {
    fn from(t: &Template) -> Self {
        TemplateFacts {
            name: t.name.clone(),
            display_name: t
                .display_name
                .clone()
                .or_else(|| t.display_label.clone())
                .unwrap_or_else(|| t.name.clone()),
            keywords: t.keywords.clone(),
            jit: t.sso.jit,
            scim: t.supports_scim(),
            beta: t.beta || t.sso.beta,
        }
    }
}

/// One row of the Configured applications table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ApplicationRow {
    pub id: String,
    pub display_label: String,
    pub description: Option<String>,
    /// The template's `name`.
    pub template_name: String,
    /// The connector the application was made from (the template's display name).
    pub connector: String,
    /// The connector's keywords, for searching.
    pub keywords: Vec<String>,
    pub logo_url: Option<String>,
    pub color: Option<String>,
    pub sso_type: Option<String>,
    /// The connector supports JIT provisioning.
    pub jit: bool,
    /// The connector supports SCIM provisioning (Identity Management).
    pub scim: bool,
    pub beta: bool,
    pub active: bool,
    /// User groups bound directly to the application.
    pub bound_groups: u32,
}

fn text(app: &Application, key: &str) -> Option<String> {
    app.json()
        .get(key)
        .and_then(serde_json::Value::as_str)
        .map(str::to_owned)
}

impl ApplicationRow {
    /// The row for `app`, made from `template` when known.
    pub fn new(app: &Application, template: Option<&TemplateFacts>, bound_groups: u32) -> Self {
        let template_name = app.name().unwrap_or_default().to_owned();
        let connector = template
            .map(|t| t.display_name.clone())
            .or_else(|| text(app, "displayName"))
            .unwrap_or_else(|| template_name.clone());
        let color = text(app, "color").or_else(|| {
            app.json()
                .get("logo")
                .and_then(|l| l.get("color"))
                .and_then(serde_json::Value::as_str)
                .map(str::to_owned)
        });
        ApplicationRow {
            id: app.id().unwrap_or_default().to_owned(),
            display_label: app.display_label().unwrap_or_default().to_owned(),
            description: app.description().map(str::to_owned),
            template_name,
            connector,
            keywords: template.map(|t| t.keywords.clone()).unwrap_or_default(),
            logo_url: app.logo_url().map(str::to_owned),
            color,
            sso_type: app.sso_type().map(str::to_owned),
            jit: template.map_or(app.sso_jit(), |t| t.jit),
            scim: template.is_some_and(|t| t.scim),
            beta: template.is_some_and(|t| t.beta),
            // JumpCloud leaves `active` out on some objects; absent means active.
            active: app
                .json()
                .get("active")
                .and_then(serde_json::Value::as_bool)
                .unwrap_or(true),
            bound_groups,
        }
    }
}

fn by_label(a: &ApplicationRow, b: &ApplicationRow) -> std::cmp::Ordering {
    a.display_label
        .to_lowercase()
        .cmp(&b.display_label.to_lowercase())
        .then_with(|| a.id.cmp(&b.id))
}

/// The rows for `applications`, joined with their templates (by `name`) and their bindings.
pub fn build_rows(
    applications: &[Application],
    templates: &[TemplateFacts],
    bindings: &[Binding],
) -> Vec<ApplicationRow> {
    let by_name: HashMap<&str, &TemplateFacts> =
        templates.iter().map(|t| (t.name.as_str(), t)).collect();
    // A binding listed twice is still one group.
    let mut bound: HashMap<&str, HashSet<&str>> = HashMap::new();
    for b in bindings {
        bound
            .entry(b.application_id.as_str())
            .or_default()
            .insert(b.group_id.as_str());
    }
    let mut rows: Vec<ApplicationRow> = applications
        .iter()
        .map(|app| {
            let template = app.name().and_then(|n| by_name.get(n).copied());
            let count = app
                .id()
                .and_then(|id| bound.get(id))
                .map_or(0, |g| u32::try_from(g.len()).unwrap_or(u32::MAX));
            ApplicationRow::new(app, template, count)
        })
        .collect();
    rows.sort_by(by_label);
    rows
}

/// Which part of [`load`] a progress report is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum LoadStage {
    Templates,
    Applications,
    UserGroups,
    Bindings,
}

/// How far [`load`] has come: the stage and its pages (`pages_total` when known).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LoadProgress {
    pub stage: LoadStage,
    pub pages_done: u32,
    pub pages_total: Option<u32>,
}

/// Everything [`load`] read: the rows and what they were made from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ApplicationList {
    pub rows: Vec<ApplicationRow>,
    /// Only the templates the applications use.
    pub templates: Vec<TemplateFacts>,
    pub user_groups: Vec<UserGroup>,
    pub bindings: Vec<Binding>,
}

/// Reads the catalogue and the organisation, and builds the rows.
pub async fn load(
    client: &Client,
    on_progress: &(dyn Fn(LoadProgress) + Send + Sync),
) -> Result<ApplicationList, Error> {
    let report = |stage: LoadStage, p: Progress| {
        on_progress(LoadProgress {
            stage,
            pages_done: p.pages_done,
            pages_total: p.pages_total,
        })
    };
    let templates = client
        .list_templates(&|p: Progress| report(LoadStage::Templates, p))
        .await?;
    let applications = client
        .list_applications(&|p: Progress| report(LoadStage::Applications, p))
        .await?;
    let user_groups = client
        .list_user_groups(&|p: Progress| report(LoadStage::UserGroups, p))
        .await?;
    let bindings = client
        .read_bindings(&user_groups, &|p| report(LoadStage::Bindings, p))
        .await?;
    let used: HashSet<&str> = applications.iter().filter_map(Application::name).collect();
    let templates: Vec<TemplateFacts> = templates
        .iter()
        .filter(|t| used.contains(t.name.as_str()))
        .map(TemplateFacts::from)
        .collect();
    let rows = build_rows(&applications, &templates, &bindings);
    Ok(ApplicationList {
        rows,
        templates,
        user_groups,
        bindings,
    })
}

/// A user group as lists show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UserGroupRow {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
}

/// The groups as rows, sorted by name (case-insensitive), then id.
pub fn user_group_rows(groups: &[UserGroup]) -> Vec<UserGroupRow> {
    let mut rows: Vec<UserGroupRow> = groups
        .iter()
        .map(|g| UserGroupRow {
            id: g.id.clone(),
            name: g.name.clone(),
            description: g.description.clone(),
        })
        .collect();
    rows.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then_with(|| a.id.cmp(&b.id))
    });
    rows
}

/// A user group, named, for "through which group" lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct GroupRef {
    pub id: String,
    pub name: String,
}

fn group_refs(ids: &[String], names: &HashMap<&str, &str>) -> Vec<GroupRef> {
    ids.iter()
        .map(|id| GroupRef {
            id: id.clone(),
            // A group the list does not know (created meanwhile) is shown by id.
            name: names
                .get(id.as_str())
                .map_or_else(|| id.clone(), |n| (*n).to_owned()),
        })
        .collect()
}

fn names_of(groups: &[UserGroup]) -> HashMap<&str, &str> {
    groups
        .iter()
        .map(|g| (g.id.as_str(), g.name.as_str()))
        .collect()
}

/// An application a user group opens: bound directly, or through other groups.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct GroupApplication {
    pub application: ApplicationRow,
    pub direct: bool,
    /// The groups the binding is reached through (empty when only direct).
    pub via_groups: Vec<GroupRef>,
}

/// The applications of a group's traversal, as rows. `rows` must hold every application in
/// `accesses` (others are skipped: the caller reads them first, see the glue).
pub fn group_applications(
    accesses: &[Access],
    rows: &[ApplicationRow],
    groups: &[UserGroup],
) -> Vec<GroupApplication> {
    let by_id: HashMap<&str, &ApplicationRow> = rows.iter().map(|r| (r.id.as_str(), r)).collect();
    let names = names_of(groups);
    let mut out: Vec<GroupApplication> = accesses
        .iter()
        .filter(|a| a.kind == "application")
        .filter_map(|a| {
            by_id.get(a.id.as_str()).map(|row| GroupApplication {
                application: (*row).clone(),
                direct: a.direct,
                via_groups: group_refs(&a.via_groups, &names),
            })
        })
        .collect();
    out.sort_by(|a, b| by_label(&a.application, &b.application));
    out
}

/// A user group bound to an application, directly or through another group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BoundGroup {
    pub id: String,
    pub name: String,
    pub direct: bool,
    pub via_groups: Vec<GroupRef>,
}

/// The groups of an application's traversal, named, sorted by name.
pub fn bound_groups(accesses: &[Access], groups: &[UserGroup]) -> Vec<BoundGroup> {
    let names = names_of(groups);
    let mut out: Vec<BoundGroup> = accesses
        .iter()
        .filter(|a| a.kind == "user_group")
        .map(|a| BoundGroup {
            id: a.id.clone(),
            name: names
                .get(a.id.as_str())
                .map_or_else(|| a.id.clone(), |n| (*n).to_owned()),
            direct: a.direct,
            via_groups: group_refs(&a.via_groups, &names),
        })
        .collect();
    out.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then_with(|| a.id.cmp(&b.id))
    });
    out
}

/// A user bound to an application directly (with no user group in between).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BoundUser {
    pub id: String,
    /// Display name, else first and last name, else username; the id for a user that is gone.
    pub name: String,
    pub email: Option<String>,
}

/// The users bound to an application directly: all of them counted, the first few named.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DirectUsers {
    pub count: u32,
    /// At most [`DIRECT_USERS_NAMED`], sorted by name.
    pub named: Vec<BoundUser>,
}

/// How many directly bound users the overview names (one request each); the rest are counted.
pub const DIRECT_USERS_NAMED: usize = 25;

impl BoundUser {
    fn new(user: &User) -> Self {
        let text = |s: &Option<String>| s.as_deref().unwrap_or("").trim().to_owned();
        let full = format!("{} {}", text(&user.firstname), text(&user.lastname));
        let name = [
            text(&user.displayname),
            full.trim().to_owned(),
            text(&user.username),
        ]
        .into_iter()
        .find(|s| !s.is_empty())
        .unwrap_or_else(|| user.id.clone());
        BoundUser {
            id: user.id.clone(),
            name,
            email: user.email.clone().filter(|e| !e.is_empty()),
        }
    }
}

/// Reads the users bound to an application directly and names the first [`DIRECT_USERS_NAMED`]
/// (by id). An edge to a user that no longer exists is listed by its id, not an error.
pub async fn direct_users(client: &Client, application_id: &str) -> Result<DirectUsers, Error> {
    let mut ids: Vec<String> = client
        .application_user_associations(application_id)
        .await?
        .into_iter()
        .filter(|e| e.to.kind == "user")
        .map(|e| e.to.id)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let first = ids.iter().take(DIRECT_USERS_NAMED).cloned();
    let concurrency = client.options().page_concurrency;
    let mut named = read_each(first, concurrency, &no_progress, |id| {
        let client = client.clone();
        async move {
            match client.get_user(&id).await {
                Ok(user) => Ok(BoundUser::new(&user)),
                Err(Error::NotFound { .. }) => Ok(BoundUser {
                    name: id.clone(),
                    id,
                    email: None,
                }),
                Err(err) => Err(err),
            }
        }
    })
    .await?;
    named.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then_with(|| a.id.cmp(&b.id))
    });
    Ok(DirectUsers {
        count: u32::try_from(ids.len()).unwrap_or(u32::MAX),
        named,
    })
}

/// The application page's Overview: the row plus the SSO configuration at a glance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ApplicationOverview {
    pub row: ApplicationRow,
    pub sso_url: Option<String>,
    pub idp_entity_id: Option<String>,
    pub sp_entity_id: Option<String>,
    pub acs_url: Option<String>,
    pub bound_groups: Vec<BoundGroup>,
    pub direct_users: DirectUsers,
}

fn config_value(app: &Application, key: &str) -> Option<String> {
    app.config()
        .and_then(|c| c.get(key))
        .and_then(|f| f.get("value"))
        .and_then(serde_json::Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

impl ApplicationOverview {
    pub fn new(
        app: &Application,
        template: Option<&TemplateFacts>,
        bound_groups: Vec<BoundGroup>,
        direct_users: DirectUsers,
    ) -> Self {
        let direct = bound_groups.iter().filter(|g| g.direct).count();
        ApplicationOverview {
            row: ApplicationRow::new(app, template, u32::try_from(direct).unwrap_or(u32::MAX)),
            sso_url: text(app, "ssoUrl").filter(|s| !s.is_empty()),
            idp_entity_id: config_value(app, "idpEntityId"),
            sp_entity_id: config_value(app, "spEntityId"),
            acs_url: config_value(app, "acsUrl"),
            bound_groups,
            direct_users,
        }
    }
}

/// The rows for `ids`: taken from `known` where there, otherwise read one by one (an application
/// created since the list was read), with their templates from `templates` or, failing that, the
/// catalogue. Bound group counts of applications read here are 0: they are not counted.
pub async fn rows_for(
    client: &Client,
    ids: &[String],
    known: &[ApplicationRow],
    templates: &[TemplateFacts],
) -> Result<Vec<ApplicationRow>, Error> {
    let by_id: HashMap<&str, &ApplicationRow> = known.iter().map(|r| (r.id.as_str(), r)).collect();
    let mut rows = Vec::with_capacity(ids.len());
    let mut missing = Vec::new();
    for id in ids {
        match by_id.get(id.as_str()) {
            Some(row) => rows.push((*row).clone()),
            None => missing.push(client.get_application(id).await?),
        }
    }
    if missing.is_empty() {
        return Ok(rows);
    }
    let mut facts: Vec<TemplateFacts> = templates.to_vec();
    let known_names: HashSet<&str> = templates.iter().map(|t| t.name.as_str()).collect();
    if missing
        .iter()
        .filter_map(Application::name)
        .any(|n| !known_names.contains(n))
    {
        let catalogue = client
            .list_templates(&crate::jumpcloud::no_progress)
            .await?;
        facts = catalogue.iter().map(TemplateFacts::from).collect();
    }
    rows.extend(build_rows(&missing, &facts, &[]));
    Ok(rows)
}

/// The template of `app`, from `templates` or else the catalogue (`None` if it is not there).
pub async fn template_for(
    client: &Client,
    app: &Application,
    templates: &[TemplateFacts],
) -> Result<Option<TemplateFacts>, Error> {
    let Some(name) = app.name() else {
        return Ok(None);
    };
    if let Some(t) = templates.iter().find(|t| t.name == name) {
        return Ok(Some(t.clone()));
    }
    let catalogue = client
        .list_templates(&crate::jumpcloud::no_progress)
        .await?;
    Ok(catalogue
        .iter()
        .find(|t| t.name == name)
        .map(TemplateFacts::from))
}

#[cfg(test)]
#[path = "applications_tests.rs"]
mod tests;
