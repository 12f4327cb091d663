//! The data is owner-only on unix: folders 0700, files 0600, also when they were wider before.
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use reqwest::{Method, StatusCode};
use serde_json::json;
use sso_desk_sandbox::SandboxOptions;

use crate::common::Env;

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("stat {}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

fn set_mode(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

/// Every entry of `dir` is a file with mode 0600.
fn assert_files_owner_only(dir: &Path, when: &str) {
    let mut files = 0;
    for entry in std::fs::read_dir(dir).expect("list data dir") {
        let path = entry.expect("entry").path();
        assert!(
            path.is_file(),
            "only data files in the data dir: {}",
            path.display()
        );
        assert_eq!(
            mode(&path),
            0o600,
            "{} is owner-only {when}",
            path.display()
        );
        files += 1;
    }
    assert_eq!(
        files, 5,
        "one file per collection, no temp file left {when}"
    );
}

async fn start(data: &Path, root: tempfile::TempDir) -> Env {
    let sandbox = sso_desk_sandbox::start(SandboxOptions::new(data))
        .await
        .expect("sandbox starts");
    Env {
        sandbox,
        client: crate::common::http_client(),
        dir: root,
    }
}

#[tokio::test]
async fn folders_created_are_0700_and_files_written_are_0600() {
    let root = tempfile::tempdir().expect("temp dir");
    let (parent, data) = (root.path().join("a"), root.path().join("a/b"));
    let env = start(&data, root).await;
    assert_eq!(mode(&parent), 0o700, "a parent the sandbox created");
    assert_eq!(mode(&data), 0o700, "the data folder it created");
    assert_files_owner_only(&data, "after seeding");

    let (status, _) = env
        .send(
            Method::POST,
            "/api/applications",
            Some(json!({"name": "box", "displayLabel": "Box (private)"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_files_owner_only(&data, "after a mutation");
}

#[tokio::test]
async fn a_wider_folder_and_its_files_are_tightened() {
    let first = crate::common::start().await;
    let crate::common::Env { sandbox, dir, .. } = first;
    sandbox.stop().await;
    let data = dir.path().to_path_buf();
    set_mode(&data, 0o755);
    set_mode(&data.join("usergroups.json"), 0o644);
    set_mode(&data.join("applications.json"), 0o666);

    let env = start(&data, dir).await;
    assert_eq!(mode(&data), 0o700, "an existing wider folder is tightened");
    assert_files_owner_only(&data, "after a start over wider files");
    let id = sso_desk_sandbox::sample::READINESS_DEMO_APP_ID;
    let path = format!("/api/applications/{id}");
    let app = env.ok(&path).await;
    let (status, _) = env.send(Method::PUT, &path, Some(app)).await;
    assert_eq!(status, StatusCode::OK);
    assert_files_owner_only(&data, "after a mutation");
}
