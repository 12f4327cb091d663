//! The Configured applications list (cached on disk, refreshed with progress) and an application's
//! Overview.

use serde::Serialize;
use sso_desk_core::applications::{
    self, ApplicationList, ApplicationOverview, ApplicationRow, LoadProgress,
};
use sso_desk_core::cache::{Cache, Cached};
use tauri::ipc::Channel;
use tauri::State;

use crate::error::AppError;
use crate::state::{Paths, Session};

/// The cache kind the list is stored under.
const KIND: &str = "applications";

/// The list and when it was read from the connection.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ApplicationRows {
    pub rows: Vec<ApplicationRow>,
    /// Milliseconds since the Unix epoch.
    pub fetched_at_ms: f64,
}

impl From<Cached<ApplicationList>> for ApplicationRows {
    fn from(c: Cached<ApplicationList>) -> Self {
        ApplicationRows {
            rows: c.value.rows,
            // Milliseconds since 1970 fit a double exactly for the next 285,000 years.
            fetched_at_ms: c.fetched_at_ms as f64,
        }
    }
}

/// The last list read for the active connection, if any. A damaged cache is no cache: the list
/// is read again anyway.
pub fn cached_list(paths: &Paths, session: &Session) -> Option<Cached<ApplicationList>> {
    match Cache::new(paths.cache()).load(&session.connection_id(), KIND) {
        Ok(found) => found,
        Err(err) => {
            tracing::warn!("ignoring the cached application list: {err}");
            None
        }
    }
}

/// Reads the whole list from the connection and keeps it as the last known list.
pub async fn fresh_list(
    paths: &Paths,
    session: &Session,
    on_progress: &(dyn Fn(LoadProgress) + Send + Sync),
) -> Result<Cached<ApplicationList>, AppError> {
    let client = session.client().await?;
    let list = applications::load(&client, on_progress).await?;
    let fetched_at_ms = match Cache::new(paths.cache()).store(&session.connection_id(), KIND, &list)
    {
        Ok(at) => at,
        // The list is still good to show; it just will not be there at the next start.
        Err(err) => {
            tracing::warn!("could not keep the application list: {err}");
            sso_desk_core::cache::now_ms()
        }
    };
    Ok(Cached {
        fetched_at_ms,
        value: list,
    })
}

/// The last known list, instantly; `None` before the first refresh.
#[tauri::command]
#[specta::specta]
pub async fn cached_applications(
    paths: State<'_, Paths>,
    session: State<'_, Session>,
) -> Result<Option<ApplicationRows>, AppError> {
    Ok(cached_list(&paths, &session).map(ApplicationRows::from))
}

/// Reads every application (all pages) with progress, keeps it, and returns it.
#[tauri::command]
#[specta::specta]
pub async fn refresh_applications(
    progress: Channel<LoadProgress>,
    paths: State<'_, Paths>,
    session: State<'_, Session>,
) -> Result<ApplicationRows, AppError> {
    let report = move |p: LoadProgress| {
        // The page may have gone away meanwhile; the list is read to the end all the same.
        let _ = progress.send(p);
    };
    Ok(fresh_list(&paths, &session, &report).await?.into())
}

/// One application at a glance, with the groups and the users bound to it.
#[tauri::command]
#[specta::specta]
pub async fn application_overview(
    id: String,
    paths: State<'_, Paths>,
    session: State<'_, Session>,
) -> Result<ApplicationOverview, AppError> {
    let client = session.client().await?;
    let app = client.get_application(&id).await?;
    let known = cached_list(&paths, &session)
        .map(|c| c.value.templates)
        .unwrap_or_default();
    let template = applications::template_for(&client, &app, &known).await?;
    let accesses = client.application_groups(&id).await?;
    let groups = client
        .list_user_groups(&sso_desk_core::jumpcloud::no_progress)
        .await?;
    let bound = applications::bound_groups(&accesses, &groups);
    let direct = applications::direct_users(&client, &id).await?;
    Ok(ApplicationOverview::new(
        &app,
        template.as_ref(),
        bound,
        direct,
    ))
}
