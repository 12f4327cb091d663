//! Loading an [`OrgSnapshot`] from a JumpCloud connection (or the sandbox): the catalogue's JIT
//! requirements, every user, every user group with its members, every application with the
//! groups bound to it and, for JIT applications, the users bound to it directly. Promises: a
//! failure of any read fails the load (a partial organisation would report users as unbound, i.e.
//! silently ready); progress is reported per stage.
//!
//! Direct user bindings cost one request per application (JumpCloud reads them only from the
//! application's side), so they are read for JIT applications alone, concurrently up to
//! `page_concurrency`: readiness is not computed for the others.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::snapshot::{ApplicationInput, JitFacts, OrgSnapshot, OrgSnapshotBuilder};
use super::ReadinessError;
use crate::attributes::template_requirements;
use crate::jumpcloud::{no_progress, read_each, Client, Progress, Template, User};

/// Which part of a load a progress report is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ReadinessLoadStage {
    Templates,
    Users,
    /// Applications, user groups and which group is bound to which application.
    Applications,
    /// The members (users and nested groups) of every user group.
    Memberships,
    /// The users bound directly (with no group) to each JIT application.
    DirectUsers,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReadinessLoadProgress {
    pub stage: ReadinessLoadStage,
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
            JitFacts {
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
        on_progress: &(dyn Fn(ReadinessLoadProgress) + Send + Sync),
    ) -> Result<OrgSnapshot, ReadinessError> {
        let on_templates = |progress| {
            on_progress(ReadinessLoadProgress {
                stage: ReadinessLoadStage::Templates,
                progress,
            })
        };
        let templates = async {
            Ok(Arc::new(
                client.list_template_summaries(&on_templates).await?,
            ))
        };
        Self::load_with_templates(client, templates, on_progress).await
    }

    /// [`OrgSnapshot::load`], with the catalogue's templates from `templates` (a read of this
    /// run, say), which runs together with the other reads.
    pub async fn load_with_templates(
        client: &Client,
        templates: impl Future<Output = Result<Arc<Vec<Template>>, crate::jumpcloud::Error>>,
        on_progress: &(dyn Fn(ReadinessLoadProgress) + Send + Sync),
    ) -> Result<OrgSnapshot, ReadinessError> {
        let staged = |stage: ReadinessLoadStage| {
            move |progress: Progress| on_progress(ReadinessLoadProgress { stage, progress })
        };
        // The three reads need nothing from each other: they run together, and the connection
        // keeps them within its limit of requests in flight.
        let on_users = staged(ReadinessLoadStage::Users);
        let on_sync = |p: crate::jumpcloud::SyncProgress| {
            on_progress(ReadinessLoadProgress {
                stage: ReadinessLoadStage::Applications,
                progress: p.progress,
            })
        };
        let (templates, users, org) = tokio::try_join!(
            templates,
            client.list_users(&on_users),
            client.sync(&on_sync),
        )?;
        let mut builder = OrgSnapshot::builder();
        for template in templates.iter() {
            // Every template, JIT or not: an application whose template is unknown falls back
            // to its rows' required flags, which would mark rows of a non-JIT connector as JIT.
            builder.template_model(template);
        }
        drop(templates);
        for user in &users {
            builder.user(user)?;
        }
        drop(users);

        let mut bound: HashMap<&str, Vec<String>> = HashMap::new();
        for binding in &org.bindings {
            bound
                .entry(binding.application_id.as_str())
                .or_default()
                .push(binding.group_id.clone());
        }
        let applications: Vec<(serde_json::Value, Vec<String>)> = org
            .applications
            .iter()
            .map(|application| {
                let groups = application
                    .id()
                    .and_then(|id| bound.remove(id))
                    .unwrap_or_default();
                (application.to_value(), groups)
            })
            .collect();
        let jit: Vec<&str> = applications
            .iter()
            .filter(|(json, _)| builder.is_jit(json))
            .filter_map(|(json, _)| application_id(json))
            .collect();

        // Members of every group and the direct users of every JIT application: independent
        // reads, sent together.
        let concurrency = client.options().page_concurrency;
        let (on_members, on_direct) = (
            staged(ReadinessLoadStage::Memberships),
            staged(ReadinessLoadStage::DirectUsers),
        );
        let (memberships, direct) = tokio::try_join!(
            read_each(
                &org.user_groups,
                concurrency,
                &on_members,
                |group| async move {
                    let members = client.group_members(&group.id, &no_progress).await?;
                    Ok::<_, ReadinessError>((group.id.clone(), group.name.clone(), members))
                },
            ),
            read_each(jit, concurrency, &on_direct, |id| async move {
                let edges = client.application_user_associations(id).await?;
                let users = edges.into_iter().filter(|e| e.to.kind == "user");
                Ok::<_, ReadinessError>((id.to_owned(), users.map(|e| e.to.id).collect()))
            },),
        )?;
        for (group_id, group_name, members) in memberships {
            let (mut users, mut groups) = (Vec::new(), Vec::new());
            for edge in members {
                match edge.to.kind.as_str() {
                    "user" => users.push(edge.to.id),
                    "user_group" => groups.push(edge.to.id),
                    _ => {}
                }
            }
            builder.user_group_named(group_id, group_name, users, groups);
        }
        let mut direct: HashMap<String, Vec<String>> = direct.into_iter().collect();
        for (json, user_groups) in applications {
            let users = application_id(&json)
                .and_then(|id| direct.remove(id))
                .unwrap_or_default();
            builder.application(ApplicationInput {
                json,
                user_groups,
                users,
            });
        }
        Ok(builder.build())
    }
}

fn application_id(json: &serde_json::Value) -> Option<&str> {
    json.get("_id")
        .or_else(|| json.get("id"))
        .and_then(serde_json::Value::as_str)
}
