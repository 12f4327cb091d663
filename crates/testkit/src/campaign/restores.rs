//! The fault campaign's restores: version restores and deleted-application restores through the
//! core's `history::Restores` against a sandbox that fails a share of the requests (error
//! statuses, dropped connections, writes stored but answered with an error or too late).
//!
//! What must hold after every restore, read with faults off: nothing lost (the application is
//! either as it was or exactly the version asked for, apart from what JumpCloud owns; never a
//! mix, never another content) and nothing doubled (a deleted application, restored again and
//! again until a try succeeds, exists once, with its groups bound).

use std::collections::BTreeSet;
use std::time::Duration;

use serde_json::{json, Value};
use sso_desk_core::edits::target::without_owned;
use sso_desk_core::edits::{self, ChangeLog};
use sso_desk_core::history::{History, RestoreOutcome, Restores};
use sso_desk_core::jumpcloud::{Client, ConnectionOptions, Error};
use sso_desk_core::profile::{ConnectionDir, ConnectionId};

use crate::{client_for, quick_retries, Org};

/// What the restore campaign found.
#[derive(Debug, Default)]
pub struct RestoreReport {
    pub restores: usize,
    pub saved: usize,
    pub failed: usize,
    pub conflicts: usize,
    pub lost: Vec<String>,
    pub doubled: Vec<String>,
}

const KINDS: [&str; 9] = [
    "429",
    "500",
    "502",
    "503",
    "reset",
    "truncate",
    "commit-500",
    "commit-reset",
    "commit-delay",
];

fn faulty_client(org: &Org) -> Client {
    client_for(
        org.url(),
        sso_desk_core::jumpcloud::Credentials::api_key(org.key().to_owned()),
        ConnectionOptions {
            request_timeout: Duration::from_millis(1_000),
            ..quick_retries()
        },
    )
}

async fn now(org: &Org, id: &str) -> Value {
    org.get(&format!("/api/applications/{id}")).await
}

async fn direct_groups(client: &Client, id: &str) -> BTreeSet<String> {
    client
        .application_groups(id)
        .await
        .expect("groups, faults off")
        .into_iter()
        .filter(|a| a.kind == "user_group" && a.direct)
        .map(|a| a.id)
        .collect()
}

/// Runs `rounds` version restores over `pool` applications, then restores one deleted
/// application until a try succeeds; faults at `rate`, seeded.
pub async fn restore_campaign(
    org: &Org,
    pool: &[&str],
    rounds: usize,
    rate: f64,
    seed: u64,
) -> RestoreReport {
    let root = tempfile::tempdir().expect("temp dir");
    let dir = ConnectionDir::new(root.path(), &ConnectionId::new("campaign").expect("id"));
    let history = History::new(&dir).expect("history");
    let log = ChangeLog::new(dir.clone());
    let calm = org.client();
    let faulty = faulty_client(org);
    let mut report = RestoreReport::default();

    // Two versions of each application: as found, and with an edit saved through the engine.
    let mut versions = Vec::new();
    for id in pool {
        let found = now(org, id).await;
        history.observe(&found).expect("first version");
        let mut edited = found.clone();
        edited["description"] = json!(format!("campaign edit of {id}"));
        edits::save(&calm, &log, "save", &found, &edited)
            .await
            .expect("the edit, faults off");
        let kept = history.versions(id).expect("versions");
        versions.push((
            id.to_string(),
            kept.iter().map(|v| v.hash.clone()).collect::<Vec<_>>(),
        ));
    }

    for round in 0..rounds {
        let (id, hashes) = &versions[round % versions.len()];
        let hash = &hashes[(round / versions.len()) % hashes.len()];
        let target = without_owned(&history.object(hash).expect("read").expect("kept"));
        let before = without_owned(&now(org, id).await);
        org.faults(rate, &KINDS, seed + round as u64).await;
        let restores = Restores::new(&dir, &faulty).expect("restores");
        let outcome = match restores.open(id, hash).await {
            Ok(_) => restores.save(id).await.map_err(|e| e.to_string()),
            Err(e) => Err(e.to_string()),
        };
        org.faults(0.0, &[], 0).await;
        report.restores += 1;
        let after = without_owned(&now(org, id).await);
        let allowed: &[&Value] = match &outcome {
            Ok(RestoreOutcome::Saved { .. }) => {
                report.saved += 1;
                &[&target]
            }
            Ok(RestoreOutcome::Conflict { .. }) => {
                report.conflicts += 1;
                &[&before]
            }
            Err(_) => {
                report.failed += 1;
                &[&before, &target]
            }
        };
        if !allowed.contains(&&after) {
            report.lost.push(format!(
                "round {round}: {id} is neither as it was nor the version ({outcome:?})"
            ));
        }
    }

    // A deleted application, restored until a try succeeds: once, with its groups.
    let (id, _) = &versions[0];
    let groups = direct_groups(&calm, id).await;
    history
        .record_deleted(id, Some(groups.iter().cloned().collect()))
        .expect("noted");
    let label = now(org, id).await["displayLabel"].clone();
    calm.delete_application(id)
        .await
        .expect("delete, faults off");
    let mut tries = 0;
    let restored = loop {
        tries += 1;
        org.faults(rate, &KINDS, seed + 10_000 + tries).await;
        let result = Restores::new(&dir, &faulty)
            .expect("restores")
            .restore_deleted(id)
            .await;
        org.faults(0.0, &[], 0).await;
        match result {
            Ok(r) => break r,
            Err(_) if tries < 20 => continue,
            other => panic!("the deleted application never came back: {other:?}"),
        }
    };
    report.restores += tries as usize;
    let copies: Vec<Value> = calm
        .list_applications(&sso_desk_core::jumpcloud::no_progress)
        .await
        .map_err(|e: Error| e.to_string())
        .expect("list")
        .into_iter()
        .map(|a| a.to_value())
        .filter(|a| a["displayLabel"] == label)
        .collect();
    if copies.len() != 1 {
        report.doubled.push(format!(
            "{} copies of {label} after {tries} tries",
            copies.len()
        ));
    }
    if direct_groups(&calm, &restored.application.id).await != groups {
        report
            .lost
            .push(format!("the groups of {label} were not all bound again"));
    }
    report
}
