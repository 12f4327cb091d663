//! A full read of what SSO Desk shows about an organisation: its applications, its user groups and
//! which group is bound to which application. The catalogue of templates is the same for every
//! organisation and changes rarely, so it is read on its own ([`Client::list_templates`]).
//!
//! The bindings cost one request per group (JumpCloud has no bulk association read), so groups are
//! read concurrently with the same bound as pages (`page_concurrency`); with a bound of 1 the whole
//! sync is sequential. Progress is reported per stage.

use super::directory::{GraphConnection, UserGroup};
use super::error::Error;
use super::models::Application;
use super::paging::{OnProgress, Progress};
use super::Client;
use futures_util::stream::{self, StreamExt};
use serde::{Deserialize, Serialize};

/// Which part of a sync a progress report is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum SyncStage {
    Applications,
    UserGroups,
    Bindings,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SyncProgress {
    pub stage: SyncStage,
    pub progress: Progress,
}

/// A user group bound directly to an application.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Binding {
    pub group_id: String,
    pub application_id: String,
}

/// Everything a full sync read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OrgSnapshot {
    pub applications: Vec<Application>,
    pub user_groups: Vec<UserGroup>,
    pub bindings: Vec<Binding>,
}

impl Client {
    /// Reads all applications, all user groups and their application bindings.
    pub async fn sync(
        &self,
        on_progress: &(dyn Fn(SyncProgress) + Send + Sync),
    ) -> Result<OrgSnapshot, Error> {
        let staged = |stage: SyncStage| {
            move |progress: Progress| on_progress(SyncProgress { stage, progress })
        };
        let applications = self
            .list_applications(&staged(SyncStage::Applications))
            .await?;
        let user_groups = self
            .list_user_groups(&staged(SyncStage::UserGroups))
            .await?;

        let report: OnProgress<'_> = &staged(SyncStage::Bindings);
        let total = u32::try_from(user_groups.len()).unwrap_or(u32::MAX);
        let mut done = 0u32;
        let mut bindings = Vec::new();
        let mut reads = stream::iter(user_groups.iter())
            .map(|g| async move {
                let edges: Vec<GraphConnection> = self.group_associations(&g.id).await?;
                Ok::<_, Error>((g.id.clone(), edges))
            })
            .buffered(self.inner.options.page_concurrency.max(1));
        while let Some(result) = reads.next().await {
            let (group_id, edges) = result?;
            bindings.extend(
                edges
                    .into_iter()
                    .filter(|e| e.to.kind == "application")
                    .map(|e| Binding {
                        group_id: group_id.clone(),
                        application_id: e.to.id,
                    }),
            );
            done += 1;
            report(Progress {
                pages_done: done,
                pages_total: Some(total),
                items_done: done,
                items_total: Some(total),
            });
        }
        drop(reads);
        Ok(OrgSnapshot {
            applications,
            user_groups,
            bindings,
        })
    }
}
