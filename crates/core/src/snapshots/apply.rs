//! A snapshot applied onto the organisation: the drift is the plan, and each step is a verified
//! write of its own (the edit engine's save, the create path, a bind or unbind read back), so a
//! step that fails leaves the others done and says which.

use std::collections::BTreeSet;

use serde::Serialize;

use super::drift::{compare, reference, ApplicationRef};
use super::{Snapshot, SnapshotError, APPLY_ACTION};
use crate::applications::recreate::recreate;
use crate::edits::review::ReviewChange;
use crate::edits::target::{certificate_changed, onto_current};
use crate::edits::{self, ChangeLog, Outcome};
use crate::jumpcloud::Client;

/// One write of an apply, as read back.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AppliedChange {
    pub application: ApplicationRef,
    /// `changed`, `created`, `bound`, `unbound`, `deleted`.
    pub action: String,
    /// What JumpCloud stored differently from what was sent (empty when it kept it all), or
    /// the groups bound or unbound.
    pub differences: Vec<ReviewChange>,
    /// A note the admin must read: a new IdP certificate (the service provider needs the new
    /// metadata), a group that did not bind.
    pub note: Option<String>,
}

/// What an apply did, and what it could not do.
#[derive(Debug, Clone, Default, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ApplyOutcome {
    pub done: Vec<AppliedChange>,
    /// Steps that failed or met a conflict, each with the reason; the others were made.
    pub failed: Vec<String>,
}

/// Applies `snapshot` onto the organisation `client` reaches: changes, creates, (un)binds, and
/// deletes only when `delete`. Each write is recorded in `log`. The plan is computed from a fresh
/// full read, so it is what [`compare`] shows now.
pub async fn apply(
    client: &Client,
    log: &ChangeLog,
    snapshot: &Snapshot,
    delete: bool,
) -> Result<ApplyOutcome, SnapshotError> {
    let org = client.sync(&|_| {}).await?;
    let plan = compare(snapshot, &org);
    let existing: BTreeSet<&str> = org.user_groups.iter().map(|g| g.id.as_str()).collect();
    let mut out = ApplyOutcome::default();

    for changed in &plan.changed {
        let stored = &snapshot.applications[&changed.snapshot_id];
        let who = &changed.application;
        let step = async {
            let current = client.get_application(&who.id).await?.into_value();
            let target = onto_current(&current, stored);
            edits::save(client, log, APPLY_ACTION, &current, &target).await
        };
        match step.await {
            Ok(Outcome::Saved {
                differences,
                certificate,
                ..
            }) => out.done.push(AppliedChange {
                application: who.clone(),
                action: "changed".into(),
                differences,
                note: certificate.map(|c| c.detail()),
            }),
            Ok(Outcome::Conflict { conflicts, .. }) => out.failed.push(format!(
                "{}: someone changed {} field(s) meanwhile; nothing was written. Compare again.",
                who.label,
                conflicts.len()
            )),
            Err(err) => out.failed.push(format!("{}: {err}", who.label)),
        }
    }

    for removed in &plan.removed {
        let stored = &snapshot.applications[&removed.id];
        let groups: Vec<String> = snapshot
            .bindings
            .get(&removed.id)
            .into_iter()
            .flatten()
            .filter(|g| existing.contains(g.id.as_str()))
            .map(|g| g.id.clone())
            .collect();
        match recreate(client, log, APPLY_ACTION, stored, &groups).await {
            Ok(made) => {
                let mut note = match certificate_changed(stored, &made.application) {
                    Some(_) => "made anew: JumpCloud issued a new IdP certificate and SSO URL; \
the service provider needs the new metadata"
                        .to_owned(),
                    None => "made anew".to_owned(),
                };
                if !made.unbound.is_empty() {
                    note.push_str(&format!("; not bound: {}", made.unbound.join(", ")));
                }
                out.done.push(AppliedChange {
                    application: reference(made.id(), &made.application),
                    action: "created".into(),
                    differences: crate::edits::review::label_changes(
                        made.differences,
                        stored,
                        &made.application,
                    ),
                    note: Some(note),
                });
            }
            Err(err) => out.failed.push(format!("{}: {err}", removed.label)),
        }
    }

    for binding in &plan.bindings {
        let app = &binding.application;
        for (groups, bind) in [(&binding.bind, true), (&binding.unbind, false)] {
            for group in groups {
                let result = if bind {
                    client.bind_group(&app.id, &group.id).await
                } else {
                    client.unbind_group(&app.id, &group.id).await
                };
                let action = if bind { "bind" } else { "unbind" };
                match result {
                    Ok(()) => {
                        if let Err(err) = log.record(action, &app.id, Some(&group.id), Vec::new()) {
                            tracing::warn!("the change log was not written: {err}");
                        }
                    }
                    Err(err) => out
                        .failed
                        .push(format!("{}: {action} {}: {err}", app.label, group.name)),
                }
            }
        }
        // Read back: each group is bound (or not) as the snapshot says.
        let now: BTreeSet<String> = client
            .application_associations(&app.id)
            .await?
            .into_iter()
            .filter(|e| e.to.kind == "user_group")
            .map(|e| e.to.id)
            .collect();
        let wrong: Vec<&str> = binding
            .bind
            .iter()
            .filter(|g| !now.contains(&g.id))
            .chain(binding.unbind.iter().filter(|g| now.contains(&g.id)))
            .map(|g| g.name.as_str())
            .collect();
        if !wrong.is_empty() {
            out.failed.push(format!(
                "{}: user groups not as in the snapshot after the writes: {}",
                app.label,
                wrong.join(", ")
            ));
        }
        for missing in &binding.missing {
            out.failed.push(format!(
                "{}: user group {} ({}) no longer exists; it cannot be bound",
                app.label, missing.name, missing.id
            ));
        }
        if !binding.bind.is_empty() || !binding.unbind.is_empty() {
            let named = |list: &[super::GroupName], verb: &str| {
                list.iter()
                    .map(|g| ReviewChange {
                        path: Vec::new(),
                        label: format!("User group {}", g.name),
                        before: None,
                        after: Some(serde_json::Value::String(verb.to_owned())),
                    })
                    .collect::<Vec<_>>()
            };
            let mut differences = named(&binding.bind, "bound");
            differences.extend(named(&binding.unbind, "unbound"));
            out.done.push(AppliedChange {
                application: app.clone(),
                action: "rebound".into(),
                differences,
                note: None,
            });
        }
    }

    if delete {
        for added in &plan.added {
            let deleted = match client.delete_application(&added.id).await {
                // Read back: gone means gone.
                Ok(()) => match client.get_application(&added.id).await {
                    Err(crate::jumpcloud::Error::NotFound { .. }) => Ok(()),
                    Ok(_) => Err("JumpCloud still has it after the delete".to_owned()),
                    Err(err) => Err(err.to_string()),
                },
                Err(err) => Err(err.to_string()),
            };
            match deleted {
                Ok(()) => {
                    if let Err(err) = log.record("delete", &added.id, None, Vec::new()) {
                        tracing::warn!("the change log was not written: {err}");
                    }
                    out.done.push(AppliedChange {
                        application: added.clone(),
                        action: "deleted".into(),
                        differences: Vec::new(),
                        note: None,
                    });
                }
                Err(err) => out.failed.push(format!("{}: delete: {err}", added.label)),
            }
        }
    }
    Ok(out)
}
