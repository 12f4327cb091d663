//! The log the app writes, set up by the same function the app uses ([`log::dispatch`]), names no
//! secret: a connection saved with its API key, then an attribute save on that connection, logged
//! at the most verbose level into a log folder, and the files searched for the key and for a
//! private key's marker (the sandbox's SAML applications hold one, as JumpCloud's do).
//!
//! Needs the real Secret Service (the key goes to the keyring), as the core's keyring tests do.

use sso_desk_core::attributes::rules::AttributeEdit;
use sso_desk_core::desk::{ConnectionDraft, CredentialInput, SaveOutcome, TypedSecret};
use sso_desk_core::jumpcloud::Endpoint;
use sso_desk_launch::log;
use sso_desk_sandbox::sample::READINESS_DEMO_APP_ID;
use sso_desk_testkit::{desk_in, real_keyring, sandbox_with};

const KEY: &str = "log-test-api-key-5b1c9e7a";

/// Every log file in `dir`, as one text.
fn logged(dir: &std::path::Path) -> String {
    let mut text = String::new();
    for entry in std::fs::read_dir(dir).expect("the log folder") {
        let path = entry.expect("an entry").path();
        text.push_str(&std::fs::read_to_string(&path).expect("a log file"));
    }
    text
}

#[tokio::test]
async fn a_connection_save_and_an_attribute_save_log_no_secret() {
    let root = tempfile::tempdir().expect("a temporary folder");
    let logs = root.path().join("logs");
    let (dispatch, problem) = log::dispatch(Some(&logs), "trace");
    assert!(problem.is_none(), "the log folder is usable: {problem:?}");
    // This test's thread only; the runtime of `#[tokio::test]` runs every task on it.
    let _logging = tracing::dispatcher::set_default(&dispatch);

    let org = sandbox_with(|o| o.with_api_key(KEY)).await;
    let desk = desk_in(&root.path().join("profile"), real_keyring("log-no-secret"));
    let list = {
        let _command = tracing::info_span!("save_connection").entered();
        desk.connections()
            .save(
                ConnectionDraft {
                    id: None,
                    name: "Logged".to_owned(),
                    endpoint: Endpoint::Custom(org.url().to_owned()),
                    credential: CredentialInput::ApiKey {
                        key: Some(TypedSecret::new(KEY)),
                    },
                    org_id: None,
                },
                true,
            )
            .await
            .expect("the connection is saved, its key in the keyring")
    };
    let state = desk
        .attributes()
        .open(READINESS_DEMO_APP_ID)
        .await
        .expect("the editor opens on the saved connection");
    let row = state
        .view
        .rows
        .rows
        .iter()
        .position(|r| !r.jit_required)
        .expect("a free row");
    desk.attributes()
        .apply(
            READINESS_DEMO_APP_ID,
            &AttributeEdit::Toggle {
                row: u32::try_from(row).expect("few rows"),
            },
        )
        .await
        .expect("an edit");
    let saved = desk
        .attributes()
        .save(READINESS_DEMO_APP_ID)
        .await
        .expect("the save runs");
    assert!(matches!(saved, SaveOutcome::Saved { .. }), "{saved:?}");
    desk.connections()
        .remove(&list.active_id)
        .await
        .expect("the connection and its key are removed again");

    let text = logged(&logs);
    let host = org.url().trim_start_matches("http://");
    assert!(
        text.contains("save_connection close") || text.contains("save_connection: "),
        "the command's span is in the log"
    );
    assert!(
        text.contains(host),
        "the log holds the requests to {host}: {} bytes",
        text.len()
    );
    assert!(!text.contains(KEY), "the API key is in the log");
    assert!(
        !text.contains("PRIVATE KEY"),
        "a private key's marker is in the log"
    );
}
