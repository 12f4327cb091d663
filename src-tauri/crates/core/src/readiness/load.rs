//! Loading an [`OrgSnapshot`] from a JumpCloud connection (or the sandbox): the catalogue's JIT
//! requirements, every user, every user group with its members, every application and the groups
//! bound to it. Promises: a failure of any read fails the load (a partial organisation would
//! report users as unbound, i.e. silently ready); progress is reported per stage.
//!
//! Users bound to an application directly (not through a group) are not read here: the client
//! offers no read of an application's user edges yet. [`OrgSnapshotBuilder::application`] takes
//! them when a caller has them.

use futures_util::stream::{self, StreamExt};
use serde::{Deserialize, Serialize};

use super::snapshot::{ApplicationInput, OrgSnapshot, OrgSnapshotBuilder, TemplateJit};
use super::ReadinessError;
use crate::attributes::template_requirements;
use crate::jumpcloud::{Client, GraphConnection, Progress, Template, User};

/// Which part of a load a progress report is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
// The applications list has its own load stages; the UI sees both, so the names differ there
// (a container rename changes no JSON, only the name in the bindings).
#[serde(rename = "ReadinessLoadStage")]
pub enum LoadStage {
    Templates,
    Users,
    /// Applications, user groups and which group is bound to which application.
    Applications,
    /// The members (users and nested groups) of every user group.
    Memberships,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
#[serde(rename = "ReadinessLoadProgress")]
pub struct LoadProgress {
    pub stage: LoadStage,
    pub progress: Progress,
}

/// The user properties the client reads, by JumpCloud's spelling (see `User::property`).
const USER_PROPERTIES: [&str; 18] = [
    "_id",
    "email",
    "username",
    "firstname",
    "lastname",
    "middlename",
    "displayname",
    "employeeIdentifier",
    "department",
    "jobTitle",
    "company",
    "costCenter",
    "employeeType",
    "location",
    "manager",
    "alternateEmail",
    "state",
    "id",
];

impl OrgSnapshotBuilder {
    /// Adds a user as the client reads it (the properties it requests, and custom attributes).
    pub fn user(&mut self, user: &User) -> Result<&mut Self, ReadinessError> {
        let mut object = serde_json::Map::new();
        for name in USER_PROPERTIES {
            if let Some(value) = user.property(name) {
                object.insert(name.to_owned(), value.into());
            }
        }
        if let Some(activated) = user.activated {
            object.insert("activated".to_owned(), activated.into());
        }
        if let Some(suspended) = user.suspended {
            object.insert("suspended".to_owned(), suspended.into());
        }
        let attributes: Vec<serde_json::Value> = user
            .attributes
            .iter()
            .map(|a| serde_json::json!({"name": a.name, "value": a.value}))
            .collect();
        object.insert("attributes".to_owned(), attributes.into());
        self.systemuser(&serde_json::Value::Object(object))
    }

    /// Records a catalogue template as the client reads it.
    pub fn template_model(&mut self, template: &Template) -> &mut Self {
        self.template(
            template.name.clone(),
            TemplateJit {
                jit: template.sso.jit,
                requirements: template_requirements(template),
            },
        )
    }
}

impl OrgSnapshot {
    /// Reads everything readiness needs from the connection.
    pub async fn load(
        client: &Client,
        on_progress: &(dyn Fn(LoadProgress) + Send + Sync),
    ) -> Result<OrgSnapshot, ReadinessError> {
        let staged = |stage: LoadStage| {
            move |progress: Progress| on_progress(LoadProgress { stage, progress })
        };
        let mut builder = OrgSnapshot::builder();
        for template in client.list_templates(&staged(LoadStage::Templates)).await? {
            // Every template, JIT or not: an application whose template is unknown falls back
            // to its rows' required flags, which would mark rows of a non-JIT connector as JIT.
            builder.template_model(&template);
        }
        for user in client.list_users(&staged(LoadStage::Users)).await? {
            builder.user(&user)?;
        }
        let org = client
            .sync(&|p| {
                on_progress(LoadProgress {
                    stage: LoadStage::Applications,
                    progress: p.progress,
                })
            })
            .await?;

        let report = staged(LoadStage::Memberships);
        let total = u32::try_from(org.user_groups.len()).unwrap_or(u32::MAX);
        let mut done = 0u32;
        let mut reads = stream::iter(org.user_groups.iter())
            .map(|group| async move {
                let members: Vec<GraphConnection> =
                    client.group_members(&group.id, &|_| {}).await?;
                Ok::<_, ReadinessError>((group.id.clone(), members))
            })
            .buffered(client.options().page_concurrency.max(1));
        while let Some(read) = reads.next().await {
            let (group_id, members) = read?;
            let (mut users, mut groups) = (Vec::new(), Vec::new());
            for edge in members {
                match edge.to.kind.as_str() {
                    "user" => users.push(edge.to.id),
                    "user_group" => groups.push(edge.to.id),
                    _ => {}
                }
            }
            builder.user_group(group_id, users, groups);
            done += 1;
            report(Progress {
                pages_done: done,
                pages_total: Some(total),
                items_done: done,
                items_total: Some(total),
            });
        }
        drop(reads);

        let mut bound: std::collections::HashMap<&str, Vec<String>> =
            std::collections::HashMap::new();
        for binding in &org.bindings {
            bound
                .entry(binding.application_id.as_str())
                .or_default()
                .push(binding.group_id.clone());
        }
        for application in &org.applications {
            let user_groups = application
                .id()
                .and_then(|id| bound.remove(id))
                .unwrap_or_default();
            builder.application(ApplicationInput {
                json: application.to_value(),
                user_groups,
                users: Vec::new(),
            });
        }
        Ok(builder.build())
    }
}
