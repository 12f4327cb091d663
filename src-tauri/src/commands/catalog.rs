//! The Add application page: search the catalog, show a connector, check and create a new
//! application. Each command is a few lines over `sso_desk_core::{connection_catalog,
//! new_application}`.

use serde::Serialize;
use sso_desk_core::attributes::rules::{self, AttributeEdit, RowIssue};
use sso_desk_core::attributes::AttributeRows;
use sso_desk_core::catalog::{CatalogEntry, CatalogFilter, MatchKind};
use sso_desk_core::connection_catalog::{CatalogSource, Catalogs};
use sso_desk_core::jumpcloud::{
    create_body, no_progress, ApplicationSummary, Client, Progress, Template,
};
use sso_desk_core::new_application::{
    self, Creations, NewApplication, NewApplicationIssues, TemplateDetails,
};
use tauri::ipc::Channel;
use tauri::State;

use crate::error::AppError;
use crate::state::Session;

/// Pages of the catalog downloaded so far (the first load of a connection).
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CatalogLoadProgress {
    pub pages_done: u32,
    pub pages_total: Option<u32>,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CatalogStatus {
    pub entries: u32,
    pub source: CatalogSource,
}

/// One search result.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CatalogMatch {
    pub entry: CatalogEntry,
    pub kind: MatchKind,
    pub typos: u8,
}

/// A new application's problems and the exact JSON a create would send.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NewApplicationCheck {
    pub issues: NewApplicationIssues,
    pub blocks_create: bool,
    #[specta(type = specta_typescript::Unknown)]
    pub body: serde_json::Value,
}

/// Attribute rows after an edit, with what is wrong with them now.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CheckedRows {
    pub rows: AttributeRows,
    pub issues: Vec<RowIssue>,
}

/// Makes the active connection's catalog searchable: from memory, the disk cache, or a download
/// whose pages are reported on `on_progress`. A catalog read from the cache is refreshed in the
/// background.
#[tauri::command]
#[specta::specta]
pub async fn load_catalog(
    on_progress: Channel<CatalogLoadProgress>,
    session: State<'_, Session>,
    catalogs: State<'_, Catalogs>,
) -> Result<CatalogStatus, AppError> {
    let client = session.client().await?;
    let catalog = catalogs.of(&session.connection_id());
    let report = |p: Progress| {
        // A closed channel only means the page went away; the download carries on.
        let _ = on_progress.send(CatalogLoadProgress {
            pages_done: p.pages_done,
            pages_total: p.pages_total,
        });
    };
    let (index, source) = catalog.ensure(&client, &report).await?;
    if source == CatalogSource::Cache {
        tauri::async_runtime::spawn(async move {
            if let Err(err) = catalog.refresh_once(&client).await {
                tracing::warn!("the catalog could not be refreshed: {err}");
            }
        });
    }
    Ok(CatalogStatus {
        entries: u32::try_from(index.len()).unwrap_or(u32::MAX),
        source,
    })
}

/// The connectors matching `query`, best first.
#[tauri::command]
#[specta::specta]
pub async fn search_catalog(
    query: String,
    filter: CatalogFilter,
    limit: u32,
    session: State<'_, Session>,
    catalogs: State<'_, Catalogs>,
) -> Result<Vec<CatalogMatch>, AppError> {
    let catalog = catalogs.of(&session.connection_id());
    let index = match catalog.current() {
        Some(index) => index,
        None => {
            catalog
                .ensure(&session.client().await?, &no_progress)
                .await?
                .0
        }
    };
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    Ok(index
        .search(&query, &filter, limit)
        .into_iter()
        .map(|hit| CatalogMatch {
            entry: hit.entry.clone(),
            kind: hit.kind,
            typos: hit.typos,
        })
        .collect())
}

/// What the create workflow shows for a connector: labels, SSO form, starting attribute rows.
#[tauri::command]
#[specta::specta]
pub async fn template_details(
    template_id: String,
    session: State<'_, Session>,
) -> Result<TemplateDetails, AppError> {
    let template = session.client().await?.get_template(&template_id).await?;
    TemplateDetails::new(&template).ok_or_else(|| AppError::NotFound {
        message: "this connector has no name in the catalog".to_owned(),
    })
}

/// Applies one edit to a new application's attribute rows, with the editor's rules.
#[tauri::command]
#[specta::specta]
pub async fn edit_new_application_rows(
    rows: AttributeRows,
    edit: AttributeEdit,
    custom_connector: bool,
) -> Result<CheckedRows, AppError> {
    let rows = rules::apply(&rows, &edit).map_err(|err| AppError::Invalid {
        message: err.to_string(),
        field: Some("attributes".to_owned()),
    })?;
    let issues = rules::validate(&rows, custom_connector);
    Ok(CheckedRows { rows, issues })
}

/// Checks a new application against its template and the organisation's labels, and shows the
/// JSON a create would send.
#[tauri::command]
#[specta::specta]
pub async fn check_new_application(
    form: NewApplication,
    session: State<'_, Session>,
) -> Result<NewApplicationCheck, AppError> {
    let client = session.client().await?;
    let (template, issues) = checked(&client, &form).await?;
    Ok(NewApplicationCheck {
        blocks_create: issues.blocks_create(),
        issues,
        body: create_body(&new_application::build(&template, &form)),
    })
}

/// Creates the application, at most once per `workflow_id` (a second call gets the first's
/// application). Refused as `Invalid`, naming the field, when the form has errors.
#[tauri::command]
#[specta::specta]
pub async fn create_application(
    workflow_id: String,
    form: NewApplication,
    session: State<'_, Session>,
    creations: State<'_, Creations>,
) -> Result<ApplicationSummary, AppError> {
    let client = session.client().await?;
    let created = creations
        .create_once(&workflow_id, || async {
            let (template, issues) = checked(&client, &form).await?;
            if let Some(first) = issues.general.iter().chain(&issues.sso).next() {
                return Err(AppError::Invalid {
                    message: first.message.clone(),
                    field: Some(first.field.clone()),
                });
            }
            if issues.blocks_create() {
                return Err(AppError::Invalid {
                    message: "some user attributes need fixing".to_owned(),
                    field: Some("attributes".to_owned()),
                });
            }
            let app = new_application::build(&template, &form);
            Ok(client.create_application(&app).await?)
        })
        .await?;
    Ok(created.summary())
}

/// The template and the form's problems, with the organisation's current labels.
async fn checked(
    client: &Client,
    form: &NewApplication,
) -> Result<(Template, NewApplicationIssues), AppError> {
    let template = client.get_template(&form.template_id).await?;
    let labels: Vec<String> = client
        .list_applications(&no_progress)
        .await?
        .iter()
        .filter_map(|a| a.display_label().map(str::to_owned))
        .collect();
    let issues = new_application::check(&template, form, &labels);
    Ok((template, issues))
}
