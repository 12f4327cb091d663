//! JIT readiness and the assertion preview: load the organisation (with progress), answer per
//! application and across the organisation, export not-ready users as CSV, preview one user's
//! assertion, and find users to preview. The last run's results come from the connection's folder
//! when nothing is loaded yet, so they show at once with their time.

use std::sync::Arc;

use serde::Serialize;

use super::{templates, AppError, Desk};
use crate::connections::session::Connected;
use crate::profile::ConnectionId;
use crate::readiness::{
    self, ApplicationReadiness, ApplicationReadinessSummary, AssertionPreview, LoadedOrg,
    OrgSnapshot, ReadinessLoadProgress, ReadinessLoadStage, ReadinessRun, UserSummary,
};

/// How many users a search returns at most: a picker shows a short list to choose from.
const SEARCH_LIMIT: usize = 25;

/// Readiness across the organisation, as of one run.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OrgReadiness {
    /// When the organisation was loaded, in milliseconds since the Unix epoch.
    pub ran_at_ms: f64,
    /// Every application with JIT on, worst first.
    pub applications: Vec<ApplicationReadinessSummary>,
}

/// One application's readiness, as of one run.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ApplicationReadinessRun {
    /// When the organisation was loaded, in milliseconds since the Unix epoch.
    pub ran_at_ms: f64,
    pub report: ApplicationReadiness,
}

fn org_readiness(org: &LoadedOrg) -> OrgReadiness {
    OrgReadiness {
        ran_at_ms: org.ran_at_ms,
        applications: readiness::org_readiness(&org.snapshot),
    }
}

/// The Readiness page, an application's JIT readiness tab and the assertion preview.
pub struct Readiness<'a>(pub(super) &'a Desk);

impl Readiness<'_> {
    /// Reads the organisation again (progress reported) and answers its readiness.
    pub async fn refresh(
        &self,
        on_progress: impl Fn(ReadinessLoadProgress) + Send + Sync + 'static,
    ) -> Result<OrgReadiness, AppError> {
        let connected = self.0.session().connect().await?;
        let org = self
            .0
            .readiness
            .reload(&connected.id, || self.load(&connected, on_progress))
            .await?;
        Ok(org_readiness(&org))
    }

    /// The last run's readiness across the organisation, without loading anything; `None`
    /// before the first run.
    pub async fn last(&self) -> Result<Option<OrgReadiness>, AppError> {
        let connected = self.0.session().connect().await?;
        if let Some(org) = self.0.readiness.current(&connected.id) {
            return Ok(Some(org_readiness(&org)));
        }
        Ok(self.last_run(&connected).map(|run| OrgReadiness {
            ran_at_ms: run.ran_at_ms,
            applications: run.applications,
        }))
    }

    /// One application's readiness: from the loaded organisation, else the last run kept, else
    /// after loading the organisation.
    pub async fn application(
        &self,
        application_id: &str,
    ) -> Result<ApplicationReadinessRun, AppError> {
        let connected = self.0.session().connect().await?;
        if self.0.readiness.current(&connected.id).is_none() {
            if let Some(run) = self.last_run(&connected) {
                let ran_at_ms = run.ran_at_ms;
                if let Some(report) = run
                    .reports
                    .into_iter()
                    .find(|r| &*r.application_id == application_id)
                {
                    return Ok(ApplicationReadinessRun { ran_at_ms, report });
                }
            }
        }
        let org = self.loaded(&connected).await?;
        Ok(ApplicationReadinessRun {
            ran_at_ms: org.ran_at_ms,
            report: readiness::application_readiness(&org.snapshot, application_id)?,
        })
    }

    /// The application's not-ready users as CSV text (the UI offers it as a download).
    pub async fn csv(&self, application_id: &str) -> Result<String, AppError> {
        let run = self.application(application_id).await?;
        Ok(readiness::to_csv(&run.report))
    }

    /// What the application would send for the user: attribute statements and NameID.
    pub async fn preview(
        &self,
        application_id: &str,
        user_id: &str,
    ) -> Result<AssertionPreview, AppError> {
        let connected = self.0.session().connect().await?;
        let org = self.loaded(&connected).await?;
        Ok(readiness::preview_assertion(
            &org.snapshot,
            application_id,
            user_id,
        )?)
    }

    /// Users whose name, email or username match the query, for the preview's picker.
    pub async fn search_users(&self, query: &str) -> Result<Vec<UserSummary>, AppError> {
        let connected = self.0.session().connect().await?;
        let org = self.loaded(&connected).await?;
        Ok(org.snapshot.search_users(query, SEARCH_LIMIT))
    }

    fn last_run(&self, connected: &Connected) -> Option<ReadinessRun> {
        ReadinessRun::last(&self.0.profile().connection(&connected.id))
    }

    /// The organisation as loaded for this connection, loading it (without progress) if it is
    /// not.
    async fn loaded(&self, connected: &Connected) -> Result<Arc<LoadedOrg>, AppError> {
        self.0
            .readiness
            .get_or_load(&connected.id, || self.load(connected, |_| {}))
            .await
    }

    /// Loads the organisation and keeps the run in the connection's folder (under the id the
    /// load was started for).
    async fn load(
        &self,
        connected: &Connected,
        on_progress: impl Fn(ReadinessLoadProgress) + Send + Sync + 'static,
    ) -> Result<LoadedOrg, AppError> {
        let client = connected.client.clone();
        // The load's future is not provably `Send` (its progress closures borrow across awaits),
        // so it runs to completion on a blocking thread of the runtime.
        let runtime = tokio::runtime::Handle::current();
        let shared = self.0.templates.clone();
        let id = connected.id.clone();
        let snapshot = tokio::task::spawn_blocking(move || {
            runtime.block_on(async {
                let on_templates = |progress| {
                    on_progress(ReadinessLoadProgress {
                        stage: ReadinessLoadStage::Templates,
                        progress,
                    })
                };
                let templates = shared.get(&id, &client, templates::MAX_AGE, &on_templates);
                OrgSnapshot::load_with_templates(&client, templates, &on_progress).await
            })
        })
        .await
        .map_err(AppError::internal)??;
        let org = LoadedOrg::new(snapshot);
        let run = org.run()?;
        // The results are already in memory; a run that cannot be kept only costs the next start.
        if let Err(err) = run.keep(&self.0.profile().connection(&connected.id)) {
            tracing::warn!("{err}");
        }
        Ok(org)
    }

    /// Drops a deleted application from the kept readiness run (the loaded organisation is
    /// forgotten by the caller and read again when next needed).
    pub(super) fn forget_application(&self, connection: &ConnectionId, application_id: &str) {
        let dir = self.0.profile().connection(connection);
        let Some(mut run) = ReadinessRun::last(&dir) else {
            return;
        };
        run.applications
            .retain(|a| &*a.application_id != application_id);
        run.reports.retain(|r| &*r.application_id != application_id);
        if let Err(err) = run.keep(&dir) {
            tracing::warn!("could not drop a deleted application from the readiness run: {err}");
        }
    }
}
