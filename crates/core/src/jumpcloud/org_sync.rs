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
use super::paging::{read_each, OnProgress, Progress};
use super::Client;
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
pub struct OrgSync {
    pub applications: Vec<Application>,
    pub user_groups: Vec<UserGroup>,
    pub bindings: Vec<Binding>,
}

impl Client {
    /// Reads all applications, all user groups and their application bindings.
    pub async fn sync(
        &self,
        on_progress: &(dyn Fn(SyncProgress) + Send + Sync),
    ) -> Result<OrgSync, Error> {
        let staged = |stage: SyncStage| {
            move |progress: Progress| on_progress(SyncProgress { stage, progress })
        };
        let (on_applications, on_groups) = (
            staged(SyncStage::Applications),
            staged(SyncStage::UserGroups),
        );
        let (applications, user_groups) = tokio::try_join!(
            self.list_applications(&on_applications),
            self.list_user_groups(&on_groups),
        )?;

        let bindings = self
            .read_bindings(&user_groups, &staged(SyncStage::Bindings))
            .await?;
        Ok(OrgSync {
            applications,
            user_groups,
            bindings,
        })
    }

    /// Every group's direct application bindings: one request per group (JumpCloud has no bulk
    /// read), `page_concurrency` at a time. Each read owns its group id and a handle on the
    /// client, so the whole read is `Send` and can run on a command's runtime.
    pub async fn read_bindings(
        &self,
        groups: &[UserGroup],
        on_progress: OnProgress<'_>,
    ) -> Result<Vec<Binding>, Error> {
        let ids = groups.iter().map(|g| g.id.clone());
        let edges = read_each(
            ids,
            self.inner.options.page_concurrency,
            on_progress,
            |id| {
                let client = self.clone();
                async move {
                    let edges: Vec<GraphConnection> = client.group_associations(&id).await?;
                    Ok::<_, Error>((id, edges))
                }
            },
        )
        .await?;
        Ok(edges
            .into_iter()
            .flat_map(|(group_id, edges)| {
                edges
                    .into_iter()
                    .filter(|e| e.to.kind == "application")
                    .map(move |e| Binding {
                        group_id: group_id.clone(),
                        application_id: e.to.id,
                    })
            })
            .collect())
    }
}
