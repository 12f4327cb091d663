//! The settings file: defaults when missing, round trip, atomic replacement, no secrets.

use sso_desk_core::connections::settings::{
    new_connection_id, CredentialKind, Settings, SettingsError, SettingsFile, StoredConnection,
};
use sso_desk_core::jumpcloud::{Endpoint, Region};

fn acme(id: &str) -> StoredConnection {
    StoredConnection {
        id: id.to_owned(),
        name: "Acme (EU)".to_owned(),
        endpoint: Endpoint::Region(Region::Eu),
        credential: CredentialKind::ServiceAccount {
            client_id: "client-123".to_owned(),
        },
        org_id: Some("5f00000000000000000000bb".to_owned()),
        org_name: Some("Acme".to_owned()),
        provider: false,
    }
}

#[test]
fn a_missing_file_is_the_default_and_is_not_created_by_reading() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = SettingsFile::in_dir(&dir.path().join("config"));
    let settings = file.load().expect("a missing file is not an error");
    assert_eq!(
        settings,
        Settings::default(),
        "no connections, the sandbox active"
    );
    assert!(!file.path().exists(), "loading never writes");
}

#[test]
fn saved_settings_load_back_and_leave_no_temporary_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("config");
    let file = SettingsFile::in_dir(&config);
    let mut settings = Settings::default();
    settings.upsert(acme("conn-1"));
    settings.upsert(StoredConnection {
        id: "conn-2".into(),
        name: "Local".into(),
        endpoint: Endpoint::Custom("http://127.0.0.1:9999".into()),
        credential: CredentialKind::ApiKey,
        org_id: None,
        org_name: None,
        provider: false,
    });
    settings.active = Some("conn-2".into());
    file.save(&settings)
        .expect("save creates the folder and writes");
    assert_eq!(
        file.load().expect("load"),
        settings,
        "what was saved loads back"
    );

    settings.upsert(StoredConnection {
        name: "Acme renamed".into(),
        ..acme("conn-1")
    });
    file.save(&settings).expect("second save replaces the file");
    let loaded = file.load().expect("load");
    assert_eq!(
        loaded.connections.len(),
        2,
        "upsert replaced in place, it did not add"
    );
    assert_eq!(loaded.connections[0].name, "Acme renamed");

    let names: Vec<String> = std::fs::read_dir(&config)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        vec!["settings.json".to_owned()],
        "temporary files are renamed away"
    );
}

#[test]
fn removing_the_active_connection_makes_the_sandbox_active() {
    let mut settings = Settings::default();
    settings.upsert(acme("conn-1"));
    settings.active = Some("conn-1".into());
    assert_eq!(
        settings.active_connection().map(|c| c.id.as_str()),
        Some("conn-1")
    );
    let removed = settings.remove("conn-1").expect("it was there");
    assert_eq!(removed.id, "conn-1");
    assert_eq!(settings.active, None, "the sandbox is active again");
    assert!(
        settings.remove("conn-1").is_none(),
        "removing twice finds nothing"
    );
}

#[test]
fn a_corrupt_file_is_an_error_naming_it_and_is_left_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = SettingsFile::in_dir(dir.path());
    std::fs::write(file.path(), b"{ not json").expect("write");
    let err = file.load().expect_err("garbage is not settings");
    assert!(matches!(err, SettingsError::Corrupt { .. }), "{err:?}");
    assert!(
        err.to_string().contains("settings.json"),
        "the message names the file: {err}"
    );
    assert_eq!(
        std::fs::read(file.path()).expect("still there"),
        b"{ not json",
        "a failed load does not touch the file"
    );
}

#[test]
fn the_file_has_no_place_for_a_secret() {
    // Every field of a stored connection, as written: none of them is a key or a secret.
    let json = serde_json::to_value(acme("conn-1")).expect("serialises");
    let mut keys: Vec<&str> = json
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        ["credential", "endpoint", "id", "name", "orgId", "orgName"],
        "a new field must not carry a secret; secrets live in the keyring"
    );
    assert_eq!(
        json["credential"],
        serde_json::json!({"kind": "serviceAccount", "clientId": "client-123"}),
        "only the client id, never the client secret"
    );
}

#[test]
fn connection_ids_are_distinct_and_never_the_sandbox() {
    let a = new_connection_id();
    let b = new_connection_id();
    assert_ne!(a, b, "two new connections get two ids");
    assert!(a.starts_with("conn-") && a.len() == 21, "{a}");
}
