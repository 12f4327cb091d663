//! The Configured applications list (kept in the connection's folder, refreshed with progress),
//! an application's Overview, and its lifecycle: activate, deactivate (through the edit engine,
//! read back) and delete (confirmed by its label, then forgotten everywhere SSO Desk keeps it).

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::{templates, AppError, Desk};
use crate::applications::lifecycle::{self, ActiveState};
use crate::applications::{
    self, ApplicationList, ApplicationOverview, ApplicationRow, ApplicationsLoadProgress,
    ApplicationsLoadStage,
};
use crate::connections::session::Connected;
use crate::edits::EditDraft;
use crate::history::keep_versions;
use crate::jumpcloud::{no_progress, Progress};
use crate::jumpcloud::{Access, Application};
use crate::profile::{now_ms, ConnectionId, StoreError, Stored};
use crate::sso::draft::SsoDrafts;

/// The file the list is kept in, and its format.
const LIST_FILE: &str = "applications.json";
const LIST_FORMAT: u32 = 2;

/// The list and when it was read from the connection.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ApplicationRows {
    pub rows: Vec<ApplicationRow>,
    /// Milliseconds since the Unix epoch.
    pub fetched_at_ms: f64,
    /// Applications deleted (by SSO Desk or elsewhere) that the history can bring back.
    pub deleted: Vec<super::DeletedApplication>,
}

impl From<Stored<ApplicationList>> for ApplicationRows {
    fn from(c: Stored<ApplicationList>) -> Self {
        ApplicationRows {
            rows: c.value.rows,
            // Milliseconds since 1970 fit a double exactly for the next 285,000 years.
            fetched_at_ms: c.saved_at_ms as f64,
            deleted: Vec::new(),
        }
    }
}

/// The applications list and overview.
pub struct Applications<'a>(pub(super) &'a Desk);

impl Applications<'_> {
    /// The last known list of the active connection, instantly; `None` before the first refresh.
    /// Needs only the connection's id, not the connection: at launch the embedded sandbox may
    /// still be starting (a large organisation takes a moment), and the saved list is on disk.
    pub async fn cached(&self) -> Result<Option<ApplicationRows>, AppError> {
        let id = self.0.session().active_id().await?;
        Ok(self.kept(&id).map(|kept| ApplicationRows {
            deleted: self.0.history().deleted(&id),
            ..kept.into()
        }))
    }

    /// Reads every application (all pages) with progress, keeps it, and returns it.
    pub async fn refresh(
        &self,
        on_progress: &(dyn Fn(ApplicationsLoadProgress) + Send + Sync),
    ) -> Result<ApplicationRows, AppError> {
        let connected = self.0.session().connect().await?;
        let on_templates = |p: Progress| {
            on_progress(ApplicationsLoadProgress {
                stage: ApplicationsLoadStage::Templates,
                pages_done: p.pages_done,
                pages_total: p.pages_total,
            })
        };
        let templates = self.0.templates.get(
            &connected.id,
            &connected.client,
            templates::MAX_AGE,
            &on_templates,
        );
        let read_at = now_ms();
        let mut list =
            applications::load_with_templates(&connected.client, templates, on_progress).await?;
        let dir = self.0.profile().connection(&connected.id);
        let fetched_at_ms = match dir.write(LIST_FILE, LIST_FORMAT, &list) {
            Ok(at) => at,
            // The list is still good to show; it just will not be there at the next start.
            Err(err) => {
                tracing::warn!("could not keep the application list: {err}");
                now_ms()
            }
        };
        // Off the reply: the first refresh of a large organisation writes thousands of versions.
        // So a deletion found by this refresh shows in the deleted list from the next one. The
        // applications move to the history's thread (the reply needs only the rows): no copy.
        let bindings = bindings_of(&list);
        let apps = std::mem::take(&mut list.applications);
        tokio::task::spawn_blocking(move || {
            let apps: Vec<Value> = apps.into_iter().map(Application::into_value).collect();
            keep_versions(&dir, |h| h.observe_all(&apps, &bindings, read_at));
        });
        Ok(ApplicationRows {
            deleted: self.0.history().deleted(&connected.id),
            ..Stored {
                saved_at_ms: fetched_at_ms,
                value: list,
            }
            .into()
        })
    }

    /// One application at a glance, with the groups and the users bound to it.
    pub async fn overview(&self, id: &str) -> Result<ApplicationOverview, AppError> {
        let connected = self.0.session().connect().await?;
        let client = &connected.client;
        let app = client.get_application(id).await?;
        let known = self
            .kept(&connected.id)
            .map(|c| c.value.templates)
            .unwrap_or_default();
        let template = applications::template_for(client, &app, &known).await?;
        let accesses = client.application_groups(id).await?;
        keep_versions(&self.0.profile().connection(&connected.id), |h| {
            h.observe(&app.to_value())?;
            h.note_bindings(id, direct_groups(&accesses))
        });
        let groups = client.list_user_groups(&no_progress).await?;
        let bound = applications::bound_groups(&accesses, &groups);
        let direct = applications::direct_users(client, id).await?;
        Ok(ApplicationOverview::new(
            &app,
            template.as_ref(),
            bound,
            direct,
        ))
    }

    /// Turns the application on or off; the flag is read back, and the reply says so when
    /// JumpCloud kept the other state.
    pub async fn set_active(
        &self,
        application_id: &str,
        active: bool,
    ) -> Result<ActiveState, AppError> {
        let c = self.0.session().connect().await?;
        let log = self.0.change_log(&c.id);
        Ok(lifecycle::set_active(&c.client, &log, application_id, active).await?)
    }

    /// Deletes the application and forgets it everywhere SSO Desk keeps it: this list, the
    /// readiness results, its attribute and SSO drafts. Refused when `confirm_label` is not the
    /// application's label (its id when it has none), or when a draft holds unsaved changes and
    /// `force` is false (the UI then says so and asks again).
    pub async fn delete(
        &self,
        application_id: &str,
        confirm_label: &str,
        force: bool,
    ) -> Result<(), AppError> {
        let c = self.0.session().connect().await?;
        let app = c.client.get_application(application_id).await?;
        let unsaved = self.unsaved_draft(&c, application_id);
        lifecycle::check_delete(&app, confirm_label, unsaved, force)?;
        // What a restore needs: the last content and the groups bound to it.
        let groups = c.client.application_groups(application_id).await.ok();
        c.client.delete_application(application_id).await?;
        self.0.record(&c.id, "delete", application_id, None, &[]);
        keep_versions(&self.0.profile().connection(&c.id), |h| {
            h.observe(&app.to_value())?;
            h.record_deleted(application_id, groups.as_deref().map(direct_groups))
        });
        self.forget_everywhere(&c, application_id);
        Ok(())
    }

    /// Whether an attribute or SSO draft of the application holds changes (a draft that cannot
    /// be read holds none worth keeping).
    fn unsaved_draft(&self, c: &Connected, application_id: &str) -> bool {
        let attributes = self.0.drafts.find(&c.id, application_id).ok().flatten();
        let dir = self.0.profile().connection(&c.id);
        let sso = SsoDrafts::new(&dir, &c.client)
            .ok()
            .and_then(|d| d.kept(application_id).ok().flatten());
        attributes.is_some_and(|d| d.has_changes()) || sso.is_some_and(|d| d.has_changes())
    }

    /// Forgets a deleted application; a failure is logged, the delete itself has happened.
    fn forget_everywhere(&self, c: &Connected, application_id: &str) {
        if let Err(err) = self.0.drafts.discard(&c.id, application_id) {
            tracing::warn!("could not discard the attribute draft of a deleted application: {err}");
        }
        let dir = self.0.profile().connection(&c.id);
        if let Err(err) = SsoDrafts::new(&dir, &c.client).and_then(|d| d.forget(application_id)) {
            tracing::warn!("could not discard the SSO draft of a deleted application: {err}");
        }
        self.forget_application(&c.id, application_id);
        self.0.readiness.forget();
        self.0.readiness().forget_application(&c.id, application_id);
    }

    /// The list kept for `connection`, if any. A damaged or outdated file is no list: it is set
    /// aside (kept, never overwritten) and the list is read again anyway.
    pub(super) fn kept(&self, connection: &ConnectionId) -> Option<Stored<ApplicationList>> {
        let dir = self.0.profile().connection(connection);
        match dir.read(LIST_FILE, LIST_FORMAT) {
            Ok(found) => found,
            Err(StoreError::OtherFormat { .. }) => None,
            Err(err) => {
                tracing::warn!("ignoring the kept application list: {err}");
                if err.is_unreadable_file() {
                    let _ = dir.set_aside(LIST_FILE);
                }
                None
            }
        }
    }

    /// Removes a deleted application from the kept list (its time stays: the rest is as old).
    pub(super) fn forget_application(&self, connection: &ConnectionId, application_id: &str) {
        let Some(mut kept) = self.kept(connection) else {
            return;
        };
        let before = kept.value.rows.len();
        kept.value.rows.retain(|r| r.id != application_id);
        kept.value
            .bindings
            .retain(|b| b.application_id != application_id);
        if kept.value.rows.len() == before {
            return;
        }
        let dir = self.0.profile().connection(connection);
        if let Err(err) = dir.write_at(LIST_FILE, LIST_FORMAT, &kept.value, kept.saved_at_ms) {
            tracing::warn!("could not drop a deleted application from the kept list: {err}");
        }
    }
}

/// The groups bound directly to each application of a list.
fn bindings_of(list: &ApplicationList) -> BTreeMap<String, Vec<String>> {
    let mut by_app: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for b in &list.bindings {
        let groups = by_app.entry(b.application_id.clone()).or_default();
        if !groups.contains(&b.group_id) {
            groups.push(b.group_id.clone());
        }
    }
    for groups in by_app.values_mut() {
        groups.sort();
    }
    by_app
}

/// The ids of the user groups bound directly, sorted.
fn direct_groups(accesses: &[Access]) -> Vec<String> {
    let mut ids: Vec<String> = accesses
        .iter()
        .filter(|a| a.kind == "user_group" && a.direct)
        .map(|a| a.id.clone())
        .collect();
    ids.sort();
    ids.dedup();
    ids
}
