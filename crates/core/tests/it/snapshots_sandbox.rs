//! Snapshots against the sandbox over loopback: an export is stable byte for byte and holds no
//! private key; an organisation that drifted (fields changed through the API, an application
//! deleted, a group unbound) is compared field by field and brought back by an apply, also under
//! faults (nothing lost, nothing doubled); a property test drifts random fields.

use std::collections::BTreeMap;
use std::path::Path;

use proptest::prelude::*;
use serde_json::{json, Value};
use sso_desk_core::edits::target::without_owned;
use sso_desk_core::edits::ChangeLog;
use sso_desk_core::jumpcloud::Client;
use sso_desk_core::profile::{ConnectionDir, ConnectionId};
use sso_desk_core::snapshots::{self, APPLY_ACTION};

use crate::common::{raw_list, sandbox, Org};

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walk(dir) {
        let name = entry
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        out.insert(name, std::fs::read(&entry).unwrap());
    }
    out
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

fn log_in(root: &Path) -> ChangeLog {
    ChangeLog::new(ConnectionDir::new(
        root,
        &ConnectionId::new("sandbox").unwrap(),
    ))
}

/// The organisation's applications by label, without what JumpCloud owns.
async fn content(org: &Org) -> BTreeMap<String, Value> {
    raw_list(org.url(), org.key(), "/api/applications")
        .await
        .iter()
        .map(|a| {
            (
                a["displayLabel"].as_str().unwrap().to_owned(),
                without_owned(a),
            )
        })
        .collect()
}

async fn compare(jc: &Client, dir: &Path) -> snapshots::Drift {
    let snapshot = snapshots::read(dir).expect("a snapshot");
    snapshots::compare(&snapshot, &jc.sync(&|_| {}).await.expect("sync"))
}

#[tokio::test]
async fn an_export_twice_is_byte_identical_and_holds_no_private_key() {
    let org = sandbox().await;
    let jc = org.client();
    let dir = tempfile::tempdir().unwrap();
    let first = snapshots::export(&jc, dir.path(), "Sandbox")
        .await
        .expect("export");
    assert!(first.applications > 0);
    let before = files(dir.path());
    // A second later, so a new time would show.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let again = snapshots::export(&jc, dir.path(), "Sandbox")
        .await
        .expect("export");
    assert_eq!(again.written, 0, "nothing changed, nothing written");
    assert_eq!(
        files(dir.path()),
        before,
        "byte-identical, the manifest included"
    );
    for (name, bytes) in &before {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("PRIVATE KEY") && !text.contains("\"idpPrivateKey\""),
            "{name}"
        );
    }
    assert_eq!(
        before
            .keys()
            .filter(|n| n.starts_with("applications"))
            .count() as u32,
        first.applications
    );
    // A change makes a new manifest time and one changed file.
    let apps = raw_list(org.url(), org.key(), "/api/applications").await;
    let mut app = apps[0].clone();
    app["description"] = json!("changed in the console");
    org.put(app["_id"].as_str().unwrap(), &app).await;
    let third = snapshots::export(&jc, dir.path(), "Sandbox")
        .await
        .expect("export");
    assert_eq!(third.written, 2, "the application's file and the manifest");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_drifted_organisation_is_compared_and_brought_back_even_under_faults() {
    let org = sandbox().await;
    let jc = org.org_client();
    let root = tempfile::tempdir().unwrap();
    let log = log_in(root.path());
    let dir = tempfile::tempdir().unwrap();
    snapshots::export(&jc, dir.path(), "Sandbox")
        .await
        .expect("export");
    let exported = content(&org).await;

    // Drift: a field changed, an application deleted, a group unbound.
    let apps = raw_list(org.url(), org.key(), "/api/applications").await;
    let mut changed = apps[1].clone();
    changed["config"]["acsUrl"]["value"] = json!("https://drifted.example.com/acs");
    org.put(changed["_id"].as_str().unwrap(), &changed).await;
    let gone = apps
        .iter()
        .find(|a| a["_id"] != changed["_id"] && a["config"]["idpCertificate"].is_object())
        .unwrap();
    let gone_id = gone["_id"].as_str().unwrap();
    let gone_groups = jc.application_associations(gone_id).await.unwrap().len();
    jc.delete_application(gone_id).await.unwrap();

    let drift = compare(&jc, dir.path()).await;
    assert_eq!(drift.changed.len(), 1, "{drift:#?}");
    assert_eq!(drift.changed[0].changes.len(), 1);
    assert_eq!(drift.changed[0].changes[0].label, "ACS URL");
    assert_eq!(drift.removed.len(), 1);
    assert_eq!(drift.removed[0].id, gone_id);

    // Under faults: whatever fails is said, and a second apply finishes the job.
    org.faults(
        0.3,
        &["500", "503", "reset", "commit-500", "commit-reset"],
        11,
    )
    .await;
    let snapshot = snapshots::read(dir.path()).unwrap();
    let first = snapshots::apply(&jc, &log, &snapshot, false).await;
    org.faults(0.0, &[], 0).await;
    let outcome = snapshots::apply(&jc, &log, &snapshot, false)
        .await
        .expect("apply");
    assert!(
        outcome.failed.is_empty(),
        "{outcome:#?} (first: {first:#?})"
    );

    let drift = compare(&jc, dir.path()).await;
    assert!(drift.is_empty(), "no drift after apply: {drift:#?}");
    assert_eq!(
        content(&org).await,
        exported,
        "nothing lost, nothing doubled"
    );
    let made = raw_list(org.url(), org.key(), "/api/applications")
        .await
        .into_iter()
        .find(|a| a["displayLabel"] == gone["displayLabel"])
        .unwrap();
    assert_eq!(
        jc.application_associations(made["_id"].as_str().unwrap())
            .await
            .unwrap()
            .len(),
        gone_groups,
        "its user groups are bound again"
    );
    assert!(log.read().iter().any(|r| r.action == APPLY_ACTION));
}

/// A field of an application the property test may change, and a value for it.
fn drift_of(app: &mut Value, which: u8, text: &str) {
    match which % 5 {
        0 => app["displayLabel"] = json!(format!("Label {text}")),
        1 => app["description"] = json!(text),
        2 => app["config"]["acsUrl"]["value"] = json!(format!("https://{text}.example.com/acs")),
        3 => app["active"] = json!(text.len().is_multiple_of(2)),
        _ => app["config"]["spEntityId"]["value"] = json!(format!("urn:{text}")),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    #[test]
    fn export_drift_apply_gives_back_the_exported_state(
        changes in proptest::collection::vec((0usize..30, 0u8..5, "[a-z]{1,12}"), 1..6)
    ) {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        runtime.block_on(async {
            let org = sandbox().await;
            let jc = org.client();
            let root = tempfile::tempdir().unwrap();
            let dir = tempfile::tempdir().unwrap();
            snapshots::export(&jc, dir.path(), "Sandbox").await.unwrap();
            let exported = content(&org).await;
            let apps = raw_list(org.url(), org.key(), "/api/applications").await;
            for (index, which, text) in &changes {
                let id = apps[index % apps.len()]["_id"].as_str().unwrap().to_owned();
                let mut app = org.get(&format!("/api/applications/{id}")).await;
                drift_of(&mut app, *which, text);
                org.put(&id, &app).await;
            }
            let snapshot = snapshots::read(dir.path()).unwrap();
            let outcome = snapshots::apply(&jc, &log_in(root.path()), &snapshot, false).await.unwrap();
            assert!(outcome.failed.is_empty(), "{outcome:#?}");
            assert_eq!(content(&org).await, exported);
            assert!(compare(&jc, dir.path()).await.is_empty());
        });
    }
}

#[tokio::test]
async fn an_application_added_since_is_kept_unless_delete_is_asked() {
    let org = sandbox().await;
    let jc = org.client();
    let root = tempfile::tempdir().unwrap();
    let log = log_in(root.path());
    let dir = tempfile::tempdir().unwrap();
    snapshots::export(&jc, dir.path(), "Sandbox").await.unwrap();
    let apps = raw_list(org.url(), org.key(), "/api/applications").await;
    let mut copy = apps[0].clone();
    copy["displayLabel"] = json!("Added since the snapshot");
    let made = sso_desk_core::applications::recreate::recreate(&jc, &log, "create", &copy, &[])
        .await
        .unwrap();
    let snapshot = snapshots::read(dir.path()).unwrap();

    let kept = snapshots::apply(&jc, &log, &snapshot, false).await.unwrap();
    assert!(kept.done.is_empty() && kept.failed.is_empty(), "{kept:#?}");
    let drift = compare(&jc, dir.path()).await;
    assert_eq!(drift.added.len(), 1, "still there, still drift");

    let deleted = snapshots::apply(&jc, &log, &snapshot, true).await.unwrap();
    assert!(deleted.failed.is_empty(), "{deleted:#?}");
    assert_eq!(deleted.done.len(), 1);
    assert_eq!(deleted.done[0].action, "deleted");
    assert_eq!(deleted.done[0].application.id, made.id());
    assert!(compare(&jc, dir.path()).await.is_empty());
}
