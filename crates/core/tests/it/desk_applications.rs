//! The Configured applications list and an application's Overview through the use-case layer
//! ([`Desk`]), on its own embedded sandbox, held against what the sandbox serves.

use std::collections::BTreeSet;

use serde_json::Value;
use sso_desk_core::connections::credentials::Keyring;
use sso_desk_core::desk::{AppError, Desk};
use sso_desk_core::jumpcloud::no_progress;
use sso_desk_sandbox::sample::{DIRECTLY_BOUND_USER_ID, READINESS_DEMO_APP_ID};

use crate::common::{client, console_of, desk_in, keyring_service, raw_get};

fn desk(root: &std::path::Path, test: &str) -> Desk {
    desk_in(root, Keyring::new(keyring_service(test)))
}

#[tokio::test]
async fn the_overview_shows_the_connector_the_groups_and_the_users_bound_directly() {
    let root = tempfile::tempdir().expect("temp dir");
    let desk = desk(root.path(), "overview");
    let overview = desk
        .applications()
        .overview(READINESS_DEMO_APP_ID)
        .await
        .expect("the overview");
    let (url, key) = console_of(&desk).await;
    let raw = raw_get(
        &url,
        &key,
        &format!("/api/applications/{READINESS_DEMO_APP_ID}"),
    )
    .await;
    assert_eq!(overview.row.id, READINESS_DEMO_APP_ID);
    assert_eq!(
        Some(overview.row.display_label.as_str()),
        raw["displayLabel"].as_str()
    );
    assert!(
        overview.row.jit,
        "Slack's connector provisions just in time"
    );

    // The groups, read around the desk: the application's traversal.
    let jc = client(&url, &key);
    let expected: BTreeSet<String> = jc
        .application_groups(READINESS_DEMO_APP_ID)
        .await
        .expect("traversal")
        .into_iter()
        .map(|g| g.id)
        .collect();
    let shown: BTreeSet<String> = overview.bound_groups.iter().map(|g| g.id.clone()).collect();
    assert_eq!(shown, expected, "every group that opens the application");
    assert!(!shown.is_empty(), "the demo application has groups");
    let groups = jc.list_user_groups(&no_progress).await.expect("groups");
    for g in &overview.bound_groups {
        let name = groups.iter().find(|u| u.id == g.id).map(|u| u.name.clone());
        assert_eq!(Some(g.name.clone()), name, "groups are shown by name");
    }
    assert_eq!(
        overview.row.bound_groups as usize,
        overview.bound_groups.iter().filter(|g| g.direct).count(),
        "the row counts the groups bound directly"
    );

    assert_eq!(overview.direct_users.count, 1, "one user is bound directly");
    let user = raw_get(
        &url,
        &key,
        &format!("/api/systemusers/{DIRECTLY_BOUND_USER_ID}"),
    )
    .await;
    assert_eq!(overview.direct_users.named[0].id, DIRECTLY_BOUND_USER_ID);
    assert_eq!(
        Some(overview.direct_users.named[0].name.as_str()),
        user["displayname"].as_str(),
        "named as the directory names them"
    );

    assert!(
        matches!(
            desk.applications()
                .overview("5f00000000000000000000ff")
                .await,
            Err(AppError::NotFound { .. })
        ),
        "an application that is not there is not found"
    );
}

#[tokio::test]
async fn the_list_is_kept_per_connection_and_a_damaged_copy_is_set_aside() {
    let root = tempfile::tempdir().expect("temp dir");
    let desk = desk(root.path(), "applications-kept");
    assert!(
        desk.applications()
            .cached()
            .await
            .expect("cached")
            .is_none(),
        "nothing is kept before the first refresh"
    );
    let fresh = desk
        .applications()
        .refresh(&|_| {})
        .await
        .expect("the list loads");
    let (url, key) = console_of(&desk).await;
    let total = raw_get(&url, &key, "/api/applications?limit=1").await["totalCount"].as_u64();
    assert_eq!(Some(fresh.rows.len() as u64), total, "every application");

    let file = root
        .path()
        .join("data/connections/sandbox/applications.json");
    let on_disk: Value =
        serde_json::from_slice(&std::fs::read(&file).expect("the list is kept")).expect("JSON");
    assert!(
        on_disk["format"].is_u64() && on_disk["value"].is_object(),
        "a versioned file"
    );
    let kept = desk
        .applications()
        .cached()
        .await
        .expect("cached")
        .expect("kept");
    assert_eq!(kept.rows, fresh.rows, "the kept list is the one read");
    assert_eq!(kept.fetched_at_ms, fresh.fetched_at_ms);

    std::fs::write(&file, b"{\"format\": 2, \"value\": [").expect("damage it");
    assert!(
        desk.applications()
            .cached()
            .await
            .expect("cached")
            .is_none(),
        "a damaged list is no list"
    );
    let aside: Vec<String> = std::fs::read_dir(file.parent().expect("folder"))
        .expect("the connection's folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("applications.json.damaged-"))
        .collect();
    assert_eq!(aside.len(), 1, "the damaged copy is kept aside: {aside:?}");
    assert!(!file.exists(), "and the next refresh starts afresh");
    desk.applications()
        .refresh(&|_| {})
        .await
        .expect("the list loads again");
    assert!(file.exists());
}
