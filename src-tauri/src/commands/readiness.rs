//! JIT readiness and the assertion preview: load the organisation (with progress), answer per
//! application and across the organisation, export not-ready users as CSV, preview one user's
//! assertion, and find users to preview. The last run's results come from the disk cache when
//! nothing is loaded yet, so they show at once with their time.

use std::sync::Arc;

use serde::Serialize;
use sso_desk_core::readiness::{
    self, ApplicationReadiness, ApplicationReadinessSummary, AssertionPreview, LoadProgress,
    OrgSnapshot, ReadinessError, UserSummary,
};
use tauri::ipc::Channel;
use tauri::State;

use crate::error::AppError;
use crate::readiness_store::{LoadedOrg, ReadinessStore};
use crate::state::Session;

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

impl From<ReadinessError> for AppError {
    fn from(err: ReadinessError) -> Self {
        let message = err.to_string();
        match err {
            ReadinessError::Api(err) => err.into(),
            ReadinessError::UnknownApplication(_) | ReadinessError::UnknownUser(_) => {
                AppError::NotFound { message }
            }
            ReadinessError::UserWithoutId | ReadinessError::SnapshotTooLarge => {
                AppError::Internal { message }
            }
        }
    }
}

/// Loads the organisation again, keeps it, and saves the run to the cache.
async fn load(
    session: &Session,
    store: &ReadinessStore,
    on_progress: impl Fn(LoadProgress) + Send + Sync + 'static,
) -> Result<Arc<LoadedOrg>, AppError> {
    let client = session.client().await?;
    // The load's future is not provably `Send` (its progress closures borrow across awaits), so it
    // runs to completion on a blocking thread of the runtime instead of inside the command's task.
    let snapshot = tauri::async_runtime::spawn_blocking(move || {
        tauri::async_runtime::block_on(OrgSnapshot::load(&client, &on_progress))
    })
    .await
    .map_err(AppError::internal)??;
    let org = Arc::new(LoadedOrg::new(&session.connection_id(), snapshot));
    store.set_loaded(org.clone());
    let run = org.run()?;
    // The results are already in memory; a cache that cannot be written only costs the next start.
    if let Err(err) = store.save_run(&session.connection_id(), &run) {
        tracing::warn!("{err}");
    }
    Ok(org)
}

/// The organisation as loaded for this connection, loading it (without progress) if it is not.
async fn loaded(session: &Session, store: &ReadinessStore) -> Result<Arc<LoadedOrg>, AppError> {
    if let Some(org) = store.loaded(&session.connection_id()) {
        return Ok(org);
    }
    let _gate = store.load_gate.lock().await;
    if let Some(org) = store.loaded(&session.connection_id()) {
        return Ok(org);
    }
    load(session, store, |_| {}).await
}

/// Reads the organisation again (progress on the channel) and answers its readiness.
#[tauri::command]
#[specta::specta]
pub async fn refresh_readiness(
    on_progress: Channel<LoadProgress>,
    session: State<'_, Session>,
    store: State<'_, ReadinessStore>,
) -> Result<OrgReadiness, AppError> {
    let _gate = store.load_gate.lock().await;
    let report = move |progress: LoadProgress| {
        // A closed channel means the page went away; the load still completes and is cached.
        let _ = on_progress.send(progress);
    };
    let org = load(&session, &store, report).await?;
    Ok(OrgReadiness {
        ran_at_ms: org.ran_at_ms,
        applications: readiness::org_readiness(&org.snapshot),
    })
}

/// The last run's readiness across the organisation, without loading anything; `None` before the
/// first run.
#[tauri::command]
#[specta::specta]
pub async fn last_org_readiness(
    session: State<'_, Session>,
    store: State<'_, ReadinessStore>,
) -> Result<Option<OrgReadiness>, AppError> {
    if let Some(org) = store.loaded(&session.connection_id()) {
        return Ok(Some(OrgReadiness {
            ran_at_ms: org.ran_at_ms,
            applications: readiness::org_readiness(&org.snapshot),
        }));
    }
    Ok(store
        .last_run(&session.connection_id())
        .map(|run| OrgReadiness {
            ran_at_ms: run.ran_at_ms,
            applications: run.applications,
        }))
}

/// One application's readiness: from the loaded organisation, else the last run on disk, else
/// after loading the organisation.
#[tauri::command]
#[specta::specta]
pub async fn application_readiness(
    application_id: String,
    session: State<'_, Session>,
    store: State<'_, ReadinessStore>,
) -> Result<ApplicationReadinessRun, AppError> {
    one_application(&application_id, &session, &store).await
}

async fn one_application(
    application_id: &str,
    session: &Session,
    store: &ReadinessStore,
) -> Result<ApplicationReadinessRun, AppError> {
    if store.loaded(&session.connection_id()).is_none() {
        if let Some(run) = store.last_run(&session.connection_id()) {
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
    let org = loaded(session, store).await?;
    Ok(ApplicationReadinessRun {
        ran_at_ms: org.ran_at_ms,
        report: readiness::application_readiness(&org.snapshot, application_id)?,
    })
}

/// The application's not-ready users as CSV text (the UI offers it as a download).
#[tauri::command]
#[specta::specta]
pub async fn export_readiness_csv(
    application_id: String,
    session: State<'_, Session>,
    store: State<'_, ReadinessStore>,
) -> Result<String, AppError> {
    let run = one_application(&application_id, &session, &store).await?;
    Ok(readiness::to_csv(&run.report))
}

/// What the application would send for the user: attribute statements and NameID.
#[tauri::command]
#[specta::specta]
pub async fn preview_assertion(
    application_id: String,
    user_id: String,
    session: State<'_, Session>,
    store: State<'_, ReadinessStore>,
) -> Result<AssertionPreview, AppError> {
    let org = loaded(&session, &store).await?;
    Ok(readiness::preview_assertion(
        &org.snapshot,
        &application_id,
        &user_id,
    )?)
}

/// Users whose name, email or username match the query, for the preview's picker.
#[tauri::command]
#[specta::specta]
pub async fn search_users(
    query: String,
    session: State<'_, Session>,
    store: State<'_, ReadinessStore>,
) -> Result<Vec<UserSummary>, AppError> {
    let org = loaded(&session, &store).await?;
    Ok(org.snapshot.search_users(&query, SEARCH_LIMIT))
}
