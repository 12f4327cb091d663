//! The connection lifecycle through the use-case layer ([`Desk`]): what the shell shows when a
//! stored connection cannot be opened, a damaged settings file, and the rule that a secret is
//! never reused for an address the admin just typed. The desk runs on a profile in a temporary
//! folder; where a test reads the keyring, it is the real Secret Service under a service name of
//! that test alone.

use std::path::{Path, PathBuf};

use sso_desk_core::connections::credentials::Keyring;
use sso_desk_core::connections::settings::{
    CredentialKind, Settings, SettingsFile, StoredConnection, SANDBOX_ID,
};
use sso_desk_core::desk::{
    AppError, ConnectionDraft, ConnectionKind, CredentialInput, Desk, TypedSecret,
};
use sso_desk_core::jumpcloud::Endpoint;
use sso_desk_core::profile::Profile;
use sso_desk_core::secret::Secret;

use crate::common::{desk_in, keyring_service, real_keyring};

const ACME: &str = "conn-acme";

fn acme(endpoint: &str) -> StoredConnection {
    StoredConnection {
        id: ACME.to_owned(),
        name: "Acme".to_owned(),
        endpoint: Endpoint::Custom(endpoint.to_owned()),
        credential: CredentialKind::ApiKey,
        org_id: None,
        org_name: None,
        provider: false,
    }
}

fn settings_file(root: &Path) -> SettingsFile {
    SettingsFile::in_dir(Profile::in_dir(root).config_dir())
}

/// Stores Acme in the settings, active or not, as an earlier run of the app would have.
fn store_acme(root: &Path, active: bool) -> Settings {
    let settings = Settings {
        active: active.then(|| ACME.to_owned()),
        connections: vec![acme("https://acme.example.com")],
        ..Settings::default()
    };
    settings_file(root).save(&settings).expect("settings saved");
    settings
}

/// A desk whose keyring holds nothing this test did not put there.
fn desk_with_empty_keyring(root: &Path, test: &str) -> Desk {
    desk_in(root, real_keyring(test))
}

#[tokio::test]
async fn switching_to_a_connection_whose_secret_is_missing_fails_and_the_active_one_stays() {
    let root = tempfile::tempdir().expect("temp dir");
    let before = store_acme(root.path(), false);
    let desk = desk_with_empty_keyring(root.path(), "switch-missing-secret");

    let err = desk
        .connections()
        .switch(ACME)
        .await
        .expect_err("there is no secret to open Acme with");
    match &err {
        AppError::Keyring { message } => assert!(
            message.contains("Acme") && message.contains("type the key again"),
            "the message names the connection and says what to do: {message}"
        ),
        other => panic!("a missing secret is a keyring error, got {other:?}"),
    }
    let list = desk.connections().list().await;
    assert_eq!(list.active_id, SANDBOX_ID, "the sandbox stays active");
    assert!(
        list.connections.iter().any(|c| c.id == ACME && !c.active),
        "Acme is still listed, not active"
    );
    let status = desk.connections().status().await.expect("status");
    assert!(matches!(status.connection.kind, ConnectionKind::Sandbox));
    assert_eq!(
        settings_file(root.path()).load().expect("settings"),
        before,
        "a failed switch changes nothing on disk"
    );
    assert!(
        matches!(
            desk.connections().switch("conn-nobody").await,
            Err(AppError::NotFound { .. })
        ),
        "an unknown connection is not found"
    );
}

#[tokio::test]
async fn a_saved_connection_whose_secret_is_missing_opens_the_sandbox_and_says_why() {
    let root = tempfile::tempdir().expect("temp dir");
    store_acme(root.path(), true);
    let desk = desk_with_empty_keyring(root.path(), "open-missing-secret");
    let status = desk.connections().status().await.expect("status");
    assert_eq!(status.connection.id, SANDBOX_ID, "the app falls back");
    let problem = status.connection.problem.expect("the status says why");
    assert!(
        problem.contains("Acme") && problem.contains("sandbox"),
        "the problem names the connection and the fallback: {problem}"
    );
    let connected = desk.session().connect().await.expect("the sandbox answers");
    assert_eq!(connected.id.as_str(), SANDBOX_ID);
}

/// The files in the config folder whose name starts with `prefix`.
fn named(root: &Path, prefix: &str) -> Vec<PathBuf> {
    let config = Profile::in_dir(root).config_dir().to_owned();
    let mut found: Vec<PathBuf> = std::fs::read_dir(&config)
        .expect("the config folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix))
        })
        .collect();
    found.sort();
    found
}

#[tokio::test]
async fn a_damaged_settings_file_is_set_aside_under_a_dated_name_and_named_in_the_status() {
    let root = tempfile::tempdir().expect("temp dir");
    let file = settings_file(root.path());
    std::fs::create_dir_all(file.path().parent().expect("a folder")).expect("config folder");
    let junk = b"{\"active\": \"conn-acme\", \"connections\": [tru";
    std::fs::write(file.path(), junk).expect("a damaged file");

    let desk = desk_in(
        root.path(),
        Keyring::new(keyring_service("damaged-settings")),
    );
    let status = desk.connections().status().await.expect("status");
    assert_eq!(
        status.connection.id, SANDBOX_ID,
        "the app runs on the sandbox"
    );
    let kept = named(root.path(), "settings.json.damaged-");
    assert_eq!(kept.len(), 1, "one dated copy: {kept:?}");
    assert_eq!(
        std::fs::read(&kept[0]).expect("the copy"),
        junk,
        "the damaged file is kept as it was"
    );
    assert!(!file.path().exists(), "and moved out of the way");
    let problem = status.connection.problem.expect("the status says why");
    assert!(
        problem.contains(&kept[0].display().to_string()),
        "the problem names where the file went: {problem}"
    );
    assert!(
        desk.connections().list().await.connections.len() == 1,
        "only the sandbox"
    );

    // The next save writes fresh settings and leaves the damaged copy alone.
    desk.connections()
        .switch(SANDBOX_ID)
        .await
        .expect("switching to the sandbox");
    assert_eq!(file.load().expect("fresh settings"), Settings::default());
    assert_eq!(named(root.path(), "settings.json.damaged-"), kept);
    assert_eq!(std::fs::read(&kept[0]).expect("the copy"), junk);
}

fn edit_of_acme(endpoint: &str, key: Option<&str>) -> ConnectionDraft {
    ConnectionDraft {
        id: Some(ACME.to_owned()),
        name: "Acme".to_owned(),
        endpoint: Endpoint::Custom(endpoint.to_owned()),
        credential: CredentialInput::ApiKey {
            key: key.map(TypedSecret::new),
        },
        org_id: None,
    }
}

fn refused_field(result: Result<impl std::fmt::Debug, AppError>) -> Option<String> {
    match result {
        Err(AppError::Invalid { field, .. }) => field,
        other => panic!("the form must be refused as invalid, got {other:?}"),
    }
}

#[tokio::test]
async fn a_new_endpoint_with_a_blank_secret_is_refused_on_the_key_field() {
    let root = tempfile::tempdir().expect("temp dir");
    let before = store_acme(root.path(), false);
    let keyring = real_keyring("endpoint-blank-key");
    // Acme's key is stored, as an earlier run would have: were it reused, it would go to the new
    // address; the refusal below is the rule, not a missing key.
    let stored = Keyring::new(keyring.service());
    stored
        .store(ACME, &Secret::new("acme-stored-key-1f0b"))
        .await
        .expect("the key is stored");
    let desk = desk_in(root.path(), keyring);
    let elsewhere = "https://elsewhere.example.com";
    for key in [None, Some(""), Some("   ")] {
        assert_eq!(
            refused_field(
                desk.connections()
                    .save(edit_of_acme(elsewhere, key), false)
                    .await
            )
            .as_deref(),
            Some("key"),
            "saving with key {key:?}: the stored key never goes to the new address"
        );
        assert_eq!(
            refused_field(desk.connections().test(edit_of_acme(elsewhere, key)).await).as_deref(),
            Some("key"),
            "testing with key {key:?} is refused the same way"
        );
    }
    let new = ConnectionDraft {
        id: None,
        ..edit_of_acme("https://acme.example.com", None)
    };
    assert_eq!(
        refused_field(desk.connections().save(new, false).await).as_deref(),
        Some("key"),
        "a new connection needs its key"
    );
    assert_eq!(
        settings_file(root.path()).load().expect("settings"),
        before,
        "nothing was stored"
    );
    stored
        .delete(ACME)
        .await
        .expect("the test's key is removed");
}
