//! The rows of the Configured applications list: each application joined with what its connector
//! (template) supports and how many user groups are bound to it, read whole with progress.

use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::jumpcloud::{Application, Binding, Client, Error, Progress, Template, UserGroup};

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
    /// When the IdP certificate runs out (seconds since the Unix epoch), for SAML applications
    /// whose expiry is known. Absent in lists kept before SSO Desk showed it.
    #[serde(default)]
    pub cert_expires_at: Option<f64>,
    /// Whole days left when the list was read (negative once expired).
    #[serde(default)]
    pub cert_days_left: Option<i32>,
    /// The expiry band when the list was read.
    #[serde(default)]
    pub cert_band: Option<crate::sso::ExpiryBand>,
}

pub(super) fn text(app: &Application, key: &str) -> Option<String> {
    app.json()
        .get(key)
        .and_then(serde_json::Value::as_str)
        .map(str::to_owned)
}

impl ApplicationRow {
    /// The row for `app`, made from `template` when known.
    pub fn new(app: &Application, template: Option<&TemplateFacts>, bound_groups: u32) -> Self {
        let template_name = app.name().unwrap_or_default().to_owned();
        let cert = (app.sso_type() == Some("saml")).then(|| {
            crate::sso::certificate::health_of_object(
                app.json(),
                crate::sso::certificate::now_secs(),
            )
        });
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
            cert_expires_at: cert.as_ref().and_then(|c| c.expires_at),
            cert_days_left: cert
                .as_ref()
                .and_then(|c| c.days_left)
                .map(|d| i32::try_from(d).unwrap_or(if d < 0 { i32::MIN } else { i32::MAX })),
            cert_band: cert.map(|c| c.band),
        }
    }
}

pub(super) fn by_label(a: &ApplicationRow, b: &ApplicationRow) -> std::cmp::Ordering {
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
pub enum ApplicationsLoadStage {
    Templates,
    Applications,
    UserGroups,
    Bindings,
}

/// How far [`load`] has come: the stage and its pages (`pages_total` when known).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ApplicationsLoadProgress {
    pub stage: ApplicationsLoadStage,
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
    /// The applications as read, whole (what the history keeps); never written with the list.
    #[serde(skip)]
    #[specta(skip)]
    pub applications: Vec<Application>,
}

/// Reads the catalogue and the organisation, and builds the rows.
pub async fn load(
    client: &Client,
    on_progress: &(dyn Fn(ApplicationsLoadProgress) + Send + Sync),
) -> Result<ApplicationList, Error> {
    let on_templates = |p: Progress| {
        on_progress(ApplicationsLoadProgress {
            stage: ApplicationsLoadStage::Templates,
            pages_done: p.pages_done,
            pages_total: p.pages_total,
        })
    };
    let templates = async {
        Ok(Arc::new(
            client.list_template_summaries(&on_templates).await?,
        ))
    };
    load_with_templates(client, templates, on_progress).await
}

/// [`load`], with the catalogue's templates from `templates` (a read of this run, say), which
/// runs together with the reads of the organisation.
pub async fn load_with_templates(
    client: &Client,
    templates: impl Future<Output = Result<Arc<Vec<Template>>, Error>>,
    on_progress: &(dyn Fn(ApplicationsLoadProgress) + Send + Sync),
) -> Result<ApplicationList, Error> {
    let report = |stage: ApplicationsLoadStage, p: Progress| {
        on_progress(ApplicationsLoadProgress {
            stage,
            pages_done: p.pages_done,
            pages_total: p.pages_total,
        })
    };
    let on_applications = |p: Progress| report(ApplicationsLoadStage::Applications, p);
    let on_groups = |p: Progress| report(ApplicationsLoadStage::UserGroups, p);
    let on_bindings = |p: Progress| report(ApplicationsLoadStage::Bindings, p);
    // The catalogue and the organisation are independent reads: sent together, within the
    // connection's limit of requests in flight.
    let organisation = async {
        let (applications, user_groups) = tokio::try_join!(
            client.list_applications(&on_applications),
            client.list_user_groups(&on_groups),
        )?;
        let bindings = client.read_bindings(&user_groups, &on_bindings).await?;
        Ok::<_, Error>((applications, user_groups, bindings))
    };
    let (templates, (applications, user_groups, bindings)) =
        tokio::try_join!(templates, organisation)?;
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
        applications,
    })
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
            .list_template_summaries(&crate::jumpcloud::no_progress)
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
        .list_template_summaries(&crate::jumpcloud::no_progress)
        .await?;
    Ok(catalogue
        .iter()
        .find(|t| t.name == name)
        .map(TemplateFacts::from))
}
