//! The Add application page: search the catalog, show a connector, check and create a new
//! application (at most once per workflow).

use serde::Serialize;

use super::{AppError, Desk};
use crate::attributes::rules::{self, AttributeEdit, RowIssue};
use crate::attributes::AttributeRows;
use crate::catalog::{
    CatalogEntry, CatalogFilter, CatalogSource, ConnectionCatalog, TemplateStatus,
};
use crate::connections::session::Connected;
use crate::edits::review::{label_changes, of_new, ReviewChange};
use crate::jumpcloud::{create_body, no_progress, Application, ApplicationSummary, Progress};
use crate::new_application::{
    self, checked, created_differently, NewApplication, NewApplicationIssues, TemplateDetails,
};

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

/// One search result: what its row shows and the create workflow starts from, nothing more (a
/// search answers on every keystroke, so its reply stays small).
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CatalogRow {
    /// The template's `_id`.
    pub id: String,
    pub display_name: String,
    pub supports_sso: bool,
    pub supports_jit: bool,
    pub supports_scim: bool,
    /// The template's `beta` flag, or its status is beta.
    pub beta: bool,
    pub end_of_life: bool,
    pub logo_url: Option<String>,
    pub color: Option<String>,
}

impl From<&CatalogEntry> for CatalogRow {
    fn from(entry: &CatalogEntry) -> Self {
        CatalogRow {
            id: entry.id.clone(),
            display_name: entry.display_name.clone(),
            supports_sso: entry.supports_sso,
            supports_jit: entry.supports_jit,
            supports_scim: entry.supports_scim,
            beta: entry.beta || entry.status == TemplateStatus::Beta,
            end_of_life: entry.status == TemplateStatus::EndOfLife,
            logo_url: entry.logo_url.clone(),
            color: entry.color.clone(),
        }
    }
}

/// A new application's problems, what it sets (the review, labelled as every review is) and the
/// exact JSON a create would send.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NewApplicationCheck {
    pub issues: NewApplicationIssues,
    pub blocks_create: bool,
    pub review: Vec<ReviewChange>,
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

/// A new application as JumpCloud stored it, and what it stored differently from what was sent
/// (read back after the create; empty when every sent field came back as sent).
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CreatedApplication {
    pub application: ApplicationSummary,
    pub differences: Vec<ReviewChange>,
}

/// The catalog and the create workflow.
pub struct Catalog<'a>(pub(super) &'a Desk);

impl Catalog<'_> {
    fn of(&self, connected: &Connected) -> std::sync::Arc<ConnectionCatalog> {
        self.0
            .catalogs
            .of(&connected.id, self.0.profile().connection(&connected.id))
    }

    /// Makes the active connection's catalog searchable: from memory, the disk cache, or a
    /// download whose pages are reported on `on_progress`. A catalog read from the cache is
    /// refreshed in the background.
    pub async fn load(
        &self,
        on_progress: &(dyn Fn(CatalogLoadProgress) + Send + Sync),
    ) -> Result<CatalogStatus, AppError> {
        let connected = self.0.session().connect().await?;
        let catalog = self.of(&connected);
        let report = |p: Progress| {
            on_progress(CatalogLoadProgress {
                pages_done: p.pages_done,
                pages_total: p.pages_total,
            })
        };
        let (index, source) = catalog.ensure(&connected.client, &report).await?;
        if source == CatalogSource::Cache {
            let client = connected.client.clone();
            tokio::spawn(async move {
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
    pub async fn search(
        &self,
        query: &str,
        filter: &CatalogFilter,
        limit: u32,
    ) -> Result<Vec<CatalogRow>, AppError> {
        let connected = self.0.session().connect().await?;
        let catalog = self.of(&connected);
        let index = match catalog.current() {
            Some(index) => index,
            None => catalog.ensure(&connected.client, &no_progress).await?.0,
        };
        let limit = usize::try_from(limit).unwrap_or(usize::MAX);
        Ok(index
            .search(query, filter, limit)
            .into_iter()
            .map(|hit| CatalogRow::from(hit.entry))
            .collect())
    }

    /// What the create workflow shows for a connector: labels, SSO form, starting attribute rows.
    pub async fn template_details(&self, template_id: &str) -> Result<TemplateDetails, AppError> {
        let connected = self.0.session().connect().await?;
        let template = connected.client.get_template(template_id).await?;
        TemplateDetails::new(&template)
            .ok_or_else(|| AppError::not_found("this connector has no name in the catalog"))
    }

    /// Applies one edit to a new application's attribute rows, with the editor's rules.
    pub fn edit_rows(
        &self,
        rows: &AttributeRows,
        edit: &AttributeEdit,
        custom_connector: bool,
    ) -> Result<CheckedRows, AppError> {
        let rows = rules::apply(rows, edit)
            .map_err(|err| AppError::invalid("attributes", err.to_string()))?;
        let issues = rules::validate(&rows, custom_connector);
        Ok(CheckedRows { rows, issues })
    }

    /// Checks a new application against its template and the organisation's labels, and shows
    /// the JSON a create would send.
    pub async fn check(&self, form: &NewApplication) -> Result<NewApplicationCheck, AppError> {
        let connected = self.0.session().connect().await?;
        let (template, issues) = checked(&connected.client, form).await?;
        let body = create_body(&new_application::build(&template, form));
        Ok(NewApplicationCheck {
            blocks_create: issues.blocks_create(),
            issues,
            review: of_new(&body),
            body,
        })
    }

    /// Creates the application, at most once per `workflow_id` (a second call gets the first's
    /// application). Refused as `Invalid`, naming the field, when the form has errors.
    pub async fn create(
        &self,
        workflow_id: &str,
        form: &NewApplication,
    ) -> Result<CreatedApplication, AppError> {
        let connected = self.0.session().connect().await?;
        let client = &connected.client;
        self.0
            .creations
            .create_once(workflow_id, || async {
                let (template, issues) = checked(client, form).await?;
                if let Some(first) = issues.general.iter().chain(&issues.sso).next() {
                    return Err(AppError::invalid(&first.field, first.message.clone()));
                }
                if issues.blocks_create() {
                    return Err(AppError::invalid(
                        "attributes",
                        "some user attributes need fixing",
                    ));
                }
                let app = new_application::build(&template, form);
                let created = client.create_application(&app).await?;
                let differences = self.verify_create(&connected, &app, &created).await;
                Ok(CreatedApplication {
                    application: created.summary(),
                    differences,
                })
            })
            .await
    }
}

impl Catalog<'_> {
    /// Reads the new application back and records what JumpCloud stored differently from what
    /// was sent ([`created_differently`]); returns it labelled, as every review is.
    async fn verify_create(
        &self,
        connected: &Connected,
        sent: &Application,
        created: &Application,
    ) -> Vec<ReviewChange> {
        let Some(id) = created.id() else {
            return Vec::new();
        };
        let stored = match connected.client.get_application(id).await {
            Ok(stored) => stored.into_value(),
            Err(err) => {
                tracing::warn!(
                    application = id,
                    "the new application could not be read back: {err}"
                );
                return Vec::new();
            }
        };
        let dir = self.0.profile().connection(&connected.id);
        crate::history::keep_versions(&dir, |h| h.record_created(&stored, Vec::new()));
        let sent = create_body(sent);
        let differences = created_differently(&sent, &stored);
        self.0
            .record(&connected.id, "create", id, None, &differences);
        label_changes(differences, &sent, &stored)
    }
}

#[cfg(test)]
mod tests {
    use super::CatalogRow;
    use crate::catalog::CatalogEntry;
    use serde_json::json;

    #[test]
    fn a_search_row_carries_what_its_row_shows_and_nothing_more() {
        let entry = CatalogEntry::from_template_json(&json!({
            "_id": "t1", "name": "zoom", "displayName": "Zoom", "displayLabel": "Zoom Video",
            "keywords": ["video", "meetings"], "status": "beta", "sso": {"type": "saml", "jit": true},
            "logo": {"url": "https://logos.example/zoom.png", "color": "#202D38"}
        }))
        .expect("a template with an id and a name");
        let row = serde_json::to_value(CatalogRow::from(&entry)).expect("serialisable");
        let keys: Vec<&str> = row
            .as_object()
            .expect("an object")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            [
                "id",
                "displayName",
                "supportsSso",
                "supportsJit",
                "supportsScim",
                "beta",
                "endOfLife",
                "logoUrl",
                "color"
            ],
            "no keywords, name or match details go over IPC"
        );
        assert_eq!(row["beta"], true, "a beta status reads as beta");
        assert_eq!(row["endOfLife"], false);
        assert_eq!(row["supportsJit"], true);
    }
}
