//! The History tab's use cases on a desk over its own embedded sandbox (real HTTP): versions
//! recorded at refresh, read and write, de-duplicated, a change made in the console marked as
//! such, no private key kept, a restore that gives the version back (apart from what JumpCloud
//! owns), and a deleted application brought back with its groups.

use std::collections::BTreeSet;

use serde_json::Value;
use sso_desk_core::connections::credentials::Keyring;
use sso_desk_core::desk::Desk;
use sso_desk_core::edits::target::without_owned;
use sso_desk_core::history::{History, RestoreOutcome, VersionSource};
use sso_desk_core::profile::ConnectionId;
use sso_desk_sandbox::sample::{READINESS_DEMO_APP_ID, READINESS_DEMO_APP_LABEL};

use crate::common::{client, console_of, desk_in, keyring_service, raw, raw_get, raw_put};

fn desk(root: &std::path::Path, test: &str) -> Desk {
    desk_in(root, Keyring::new(keyring_service(test)))
}

fn history_of(root: &std::path::Path) -> History {
    let dir = sso_desk_core::profile::Profile::in_dir(root)
        .connection(&ConnectionId::new("sandbox").expect("id"));
    History::new(&dir).expect("the history")
}

/// Every file under `dir`, with a fingerprint of its bytes.
fn files(dir: &std::path::Path) -> Vec<(std::path::PathBuf, u64)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            let bytes = std::fs::read(&path).expect("read");
            // FNV-1a: enough to tell a rewritten file.
            let print = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
                (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
            });
            out.push((path.clone(), print));
        }
    }
    out.sort();
    out
}

/// The versions of `id` once `done` holds: a refresh keeps its versions off its reply.
async fn settled(
    history: &History,
    id: &str,
    done: impl Fn(&[sso_desk_core::history::VersionEntry]) -> bool,
) -> Vec<sso_desk_core::history::VersionEntry> {
    for _ in 0..200 {
        let versions = history.versions(id).expect("versions");
        if done(&versions) {
            return versions;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the history of {id} never settled");
}

fn app_path(id: &str) -> String {
    format!("/api/applications/{id}")
}

#[tokio::test]
async fn versions_are_kept_at_refresh_read_and_write_once_each_and_a_restore_gives_one_back() {
    let root = tempfile::tempdir().expect("temp dir");
    let desk = desk(root.path(), "history-versions");
    let id = READINESS_DEMO_APP_ID;
    desk.applications().refresh(&|_| {}).await.expect("refresh");
    let history = history_of(root.path());
    let first = settled(&history, id, |v| !v.is_empty()).await;
    assert_eq!(first.len(), 1, "the refresh kept the application once");
    // The refresh's versions are written last of all with the heads.
    for _ in 0..200 {
        if history.path().join("heads.json").exists() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(first[0].source, VersionSource::FirstSeen);

    // Nothing changed: a refresh and a read write nothing at all.
    let before = files(history.path());
    desk.applications().refresh(&|_| {}).await.expect("refresh");
    desk.applications().overview(id).await.expect("overview");
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(
        files(history.path()),
        before,
        "a refresh or read that finds nothing new writes nothing"
    );

    // Three saves in SSO Desk, then one change in the console.
    for active in [false, true, false] {
        desk.applications()
            .set_active(id, active)
            .await
            .expect("a save");
    }
    let (url, key) = console_of(&desk).await;
    let mut theirs = raw_get(&url, &key, &app_path(id)).await;
    theirs["description"] = Value::from("changed in the console");
    raw_put(&url, &key, id, &theirs).await;

    let shown = desk.history().versions(id).await.expect("the history");
    let who: Vec<&str> = shown.versions.iter().map(|v| v.who.as_str()).collect();
    assert_eq!(
        who,
        [
            "Changed outside SSO Desk",
            "SSO Desk",
            "SSO Desk",
            "SSO Desk",
            "First seen"
        ],
        "newest first, the console's change marked"
    );
    assert!(shown.versions[0]
        .changed
        .iter()
        .any(|l| l.contains("escription")));
    assert!(
        matches!(&shown.versions[1].source, VersionSource::SsoDesk { action, .. } if action == "deactivate")
    );
    assert_eq!(shown.versions[1].changed, ["Active"]);

    // No private key anywhere in the history, though JumpCloud returns one.
    assert!(
        theirs.to_string().contains("PRIVATE KEY"),
        "the sandbox does return a key"
    );
    for (path, _) in files(history.path()) {
        let text = std::fs::read_to_string(&path).expect("a text file");
        assert!(
            !text.contains("PRIVATE KEY") && !text.contains("\"idpPrivateKey\""),
            "{} holds a private key",
            path.display()
        );
    }

    // Compare the first and the newest: labelled, both values.
    let oldest = shown.versions.last().expect("oldest").id.clone();
    let newest = shown.versions[0].id.clone();
    let changes = desk
        .history()
        .compare(id, &oldest, &newest)
        .await
        .expect("compare");
    let labels: BTreeSet<&str> = changes.iter().map(|c| c.label.as_str()).collect();
    assert!(labels.contains("Active"), "{labels:?}");

    // Restore the first version: a review, a verified save, and the sandbox holds it again.
    let review = desk
        .history()
        .review_restore(id, &oldest)
        .await
        .expect("review");
    assert!(review.review.can_save, "{:?}", review.review);
    assert_eq!(review.certificate_note, None, "the certificate is the same");
    let outcome = desk.history().save_restore(id).await.expect("save");
    assert!(
        matches!(outcome, RestoreOutcome::Saved { ref differences, .. } if differences.is_empty()),
        "{outcome:?}"
    );
    let now = raw_get(&url, &key, &app_path(id)).await;
    let version = history.object(&oldest).expect("read").expect("kept");
    assert_eq!(
        without_owned(&now),
        without_owned(&version),
        "the sandbox holds the first version again"
    );
    assert!(
        now.to_string().contains("PRIVATE KEY"),
        "JumpCloud's key stayed"
    );
    let after = desk.history().versions(id).await.expect("history");
    assert!(
        matches!(&after.versions[0].source, VersionSource::SsoDesk { action, .. } if action == "restore"),
        "the restore is a version of its own: {:?}",
        after.versions[0]
    );
    assert_eq!(after.versions.len(), shown.versions.len() + 1);
    let diff = desk
        .history()
        .compare(id, &oldest, &after.versions[0].id)
        .await
        .expect("compare");
    assert!(
        diff.is_empty(),
        "restore of N then diff against N: {diff:?}"
    );
}

#[tokio::test]
async fn a_deleted_application_comes_back_with_its_groups_and_new_certificate() {
    let root = tempfile::tempdir().expect("temp dir");
    let desk = desk(root.path(), "history-deleted");
    let id = READINESS_DEMO_APP_ID;
    let (url, key) = console_of(&desk).await;
    let jc = client(&url, &key);
    let direct = |accesses: Vec<sso_desk_core::jumpcloud::Access>| -> BTreeSet<String> {
        accesses
            .into_iter()
            .filter(|a| a.kind == "user_group" && a.direct)
            .map(|a| a.id)
            .collect()
    };
    let groups = direct(jc.application_groups(id).await.expect("groups"));
    assert!(!groups.is_empty(), "the demo application has groups");
    let old = raw_get(&url, &key, &app_path(id)).await;
    desk.applications().refresh(&|_| {}).await.expect("refresh");
    settled(&history_of(root.path()), id, |v| !v.is_empty()).await;
    desk.applications()
        .delete(id, READINESS_DEMO_APP_LABEL, true)
        .await
        .expect("delete");

    let listed = desk
        .applications()
        .cached()
        .await
        .expect("cached")
        .expect("kept");
    let deleted = listed
        .deleted
        .iter()
        .find(|d| d.id == id)
        .expect("findable among the deleted applications");
    assert_eq!(deleted.bound_groups as usize, groups.len());
    let shown = desk.history().versions(id).await.expect("history");
    assert_eq!(shown.versions[0].who, "Deleted");

    let restored = desk.history().restore_deleted(id).await.expect("restored");
    assert!(restored.note.contains("new IdP certificate and SSO URL"));
    assert!(restored.not_bound.is_empty(), "{:?}", restored.not_bound);
    let new_id = restored.application.id.clone();
    assert_ne!(new_id, id, "JumpCloud gives it a new id");
    let now = raw_get(&url, &key, &app_path(&new_id)).await;
    assert_eq!(
        without_owned(&now),
        without_owned(&old),
        "same connector, label, settings and attributes"
    );
    assert_ne!(
        now["config"]["idpCertificate"]["value"], old["config"]["idpCertificate"]["value"],
        "JumpCloud issued a new certificate"
    );
    assert_eq!(
        direct(jc.application_groups(&new_id).await.expect("groups")),
        groups,
        "its groups are bound again"
    );
    let listed = desk
        .applications()
        .cached()
        .await
        .expect("cached")
        .expect("kept");
    assert!(
        listed.deleted.iter().all(|d| d.id != id),
        "a restored application leaves the deleted list"
    );
    assert!(
        desk.history().restore_deleted(id).await.is_err(),
        "not twice"
    );
}

#[tokio::test]
async fn a_refresh_that_no_longer_finds_an_application_marks_it_deleted() {
    let root = tempfile::tempdir().expect("temp dir");
    let desk = desk(root.path(), "history-gone");
    desk.applications().refresh(&|_| {}).await.expect("refresh");
    let id = READINESS_DEMO_APP_ID;
    let history = history_of(root.path());
    settled(&history, id, |v| !v.is_empty()).await;
    let (url, key) = console_of(&desk).await;
    raw(&url, &key, reqwest::Method::DELETE, &app_path(id), None).await;
    desk.applications().refresh(&|_| {}).await.expect("refresh");
    let versions = settled(&history, id, |v| v.len() == 2).await;
    assert_eq!(versions[0].source, VersionSource::Deleted);
    let listed = desk
        .applications()
        .cached()
        .await
        .expect("cached")
        .expect("kept");
    assert!(listed.deleted.iter().any(|d| d.id == id), "findable");
    assert_eq!(
        versions[0].hash, versions[1].hash,
        "its content is the last"
    );
}

/// A restore whose answer was lost is tried again: the second try finds the copy the first made
/// instead of making another.
#[tokio::test]
async fn bringing_an_application_back_twice_makes_one_copy() {
    use sso_desk_core::applications::recreate::recreate;
    let root = tempfile::tempdir().expect("temp dir");
    let desk = desk(root.path(), "history-twice");
    let (url, key) = console_of(&desk).await;
    let jc = client(&url, &key);
    let id = READINESS_DEMO_APP_ID;
    let stored = raw_get(&url, &key, &app_path(id)).await;
    raw(&url, &key, reqwest::Method::DELETE, &app_path(id), None).await;
    let log = sso_desk_core::edits::ChangeLog::new(
        sso_desk_core::profile::Profile::in_dir(root.path())
            .connection(&ConnectionId::new("sandbox").expect("id")),
    );
    let first = recreate(&jc, &log, "create", &stored, &[])
        .await
        .expect("brought back");
    let second = recreate(&jc, &log, "create", &stored, &[])
        .await
        .expect("tried again");
    assert_eq!(second.id(), first.id(), "the same copy");
    let copies = jc
        .list_applications(&sso_desk_core::jumpcloud::no_progress)
        .await
        .expect("list")
        .into_iter()
        .filter(|a| a.display_label() == Some(READINESS_DEMO_APP_LABEL))
        .count();
    assert_eq!(copies, 1, "nothing doubled");
}
