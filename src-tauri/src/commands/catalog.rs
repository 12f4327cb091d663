//! The Add application page: catalog search and the create workflow.

use sso_desk_command::command;
use sso_desk_core::attributes::rules::AttributeEdit;
use sso_desk_core::attributes::AttributeRows;
use sso_desk_core::catalog::CatalogFilter;
use sso_desk_core::desk::{
    CatalogLoadProgress, CatalogRow, CatalogStatus, CheckedRows, CreatedApplication, Desk,
    NewApplicationCheck,
};
use sso_desk_core::new_application::{NewApplication, TemplateDetails};
use tauri::ipc::Channel;
use tauri::State;

use crate::AppError;

/// Makes the active connection's catalog searchable, reporting download pages.
#[command]
pub async fn load_catalog(
    on_progress: Channel<CatalogLoadProgress>,
    desk: State<'_, Desk>,
) -> Result<CatalogStatus, AppError> {
    let report = move |p| drop(on_progress.send(p));
    desk.catalog().load(&report).await
}

/// The connectors matching `query`, best first.
#[command]
pub async fn search_catalog(
    query: String,
    filter: CatalogFilter,
    limit: u32,
    desk: State<'_, Desk>,
) -> Result<Vec<CatalogRow>, AppError> {
    desk.catalog().search(&query, &filter, limit).await
}

/// What the create workflow shows for a connector.
#[command]
pub async fn template_details(
    template_id: String,
    desk: State<'_, Desk>,
) -> Result<TemplateDetails, AppError> {
    desk.catalog().template_details(&template_id).await
}

/// Applies one edit to a new application's attribute rows, with the editor's rules.
#[command]
pub async fn edit_new_application_rows(
    rows: AttributeRows,
    edit: AttributeEdit,
    custom_connector: bool,
    desk: State<'_, Desk>,
) -> Result<CheckedRows, AppError> {
    desk.catalog().edit_rows(&rows, &edit, custom_connector)
}

/// Checks a new application and shows the JSON a create would send.
#[command]
pub async fn check_new_application(
    form: NewApplication,
    desk: State<'_, Desk>,
) -> Result<NewApplicationCheck, AppError> {
    desk.catalog().check(&form).await
}

/// Creates the application, at most once per `workflow_id`.
#[command]
pub async fn create_application(
    workflow_id: String,
    form: NewApplication,
    desk: State<'_, Desk>,
) -> Result<CreatedApplication, AppError> {
    desk.catalog().create(&workflow_id, &form).await
}
