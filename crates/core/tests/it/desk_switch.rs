//! A switch of connection in the middle of a load: the load started on connection A keeps what it
//! read under A's id, never under B's, because a use case keys what it keeps by the id
//! `Session::connect` handed it with the client, not by a second look at which one is active.
//! Needs the real Secret Service (B's key goes to the keyring).

use std::time::Duration;

use serde_json::json;
use sso_desk_core::connections::settings::SANDBOX_ID;
use sso_desk_core::desk::{ConnectionDraft, CredentialInput, TypedSecret};
use sso_desk_core::jumpcloud::Endpoint;

use crate::common::{console_of, desk_in, raw, raw_get, real_keyring, sandbox};

/// How long the sandbox holds each API request of the load: long enough that the switch lands
/// while the load's first request is still waiting.
const LATENCY_MS: u64 = 800;

#[tokio::test]
async fn a_load_that_started_on_one_connection_stores_nothing_under_the_next() {
    let root = tempfile::tempdir().expect("temp dir");
    let desk = desk_in(root.path(), real_keyring("switch-mid-load"));
    // B: another organisation (a second sandbox), stored but not active.
    let other = sandbox().await;
    let list = desk
        .connections()
        .save(
            ConnectionDraft {
                id: None,
                name: "Other".to_owned(),
                endpoint: Endpoint::Custom(other.url().to_owned()),
                credential: CredentialInput::ApiKey {
                    key: Some(TypedSecret::new(other.key())),
                },
                org_id: None,
            },
            false,
        )
        .await
        .expect("B is stored");
    let b = list
        .connections
        .iter()
        .find(|c| c.name == "Other")
        .expect("B is listed")
        .id
        .clone();
    assert_eq!(list.active_id, SANDBOX_ID, "A, the sandbox, is active");

    // A answers slowly, so the load is still reading when the switch comes.
    let (url, key) = console_of(&desk).await;
    raw(
        &url,
        &key,
        reqwest::Method::POST,
        "/sandbox/faults",
        Some(&json!({ "latencyMs": LATENCY_MS })),
    )
    .await;
    let switch = async {
        // The load has sent its first request to A (the count starts at the fault settings).
        while raw_get(&url, &key, "/sandbox/faults").await["requests"] == 0 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        desk.connections()
            .switch(&b)
            .await
            .expect("the switch to B")
    };
    let applications = desk.applications();
    let (loaded, switched) = tokio::join!(applications.refresh(&|_| {}), switch);
    let loaded = loaded.expect("the load on A finishes");
    assert_eq!(switched.active_id, b, "B is active once the load is done");

    assert!(
        desk.applications()
            .cached()
            .await
            .expect("B's kept list")
            .is_none(),
        "nothing of A's load is kept under B"
    );
    desk.connections()
        .switch(SANDBOX_ID)
        .await
        .expect("back to A");
    let kept = desk
        .applications()
        .cached()
        .await
        .expect("A's kept list")
        .expect("the load kept A's list under A");
    assert_eq!(kept.rows, loaded.rows, "under A's id, A's list");
    desk.connections()
        .remove(&b)
        .await
        .expect("B and its key are removed again");
}
