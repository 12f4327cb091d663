//! What SSO Desk writes in a profile is the admin's alone: after a session of use (settings saved,
//! the applications list refreshed, an attribute edit saved) every file under the profile is 0600
//! and every folder 0700.

#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use sso_desk_core::attributes::rules::AttributeEdit;
use sso_desk_core::connections::credentials::Keyring;
use sso_desk_core::connections::settings::SANDBOX_ID;
use sso_desk_core::desk::SaveOutcome;
use sso_desk_sandbox::sample::READINESS_DEMO_APP_ID;

use crate::common::{desk_in, keyring_service};

/// Every file and folder under `dir`, with its permission bits.
fn walk(dir: &Path, out: &mut Vec<(std::path::PathBuf, bool, u32)>) {
    for entry in std::fs::read_dir(dir).expect("readable folder") {
        let entry = entry.expect("entry");
        let meta = entry.metadata().expect("metadata");
        let mode = meta.permissions().mode() & 0o777;
        out.push((entry.path(), meta.is_dir(), mode));
        if meta.is_dir() {
            walk(&entry.path(), out);
        }
    }
}

#[tokio::test]
async fn files_are_0600_and_folders_0700_after_a_refresh_and_a_save() {
    let root = tempfile::tempdir().expect("temp dir");
    let desk = desk_in(root.path(), Keyring::new(keyring_service("permissions")));
    desk.connections()
        .switch(SANDBOX_ID)
        .await
        .expect("the choice is saved");
    desk.applications()
        .refresh(&|_| {})
        .await
        .expect("the list is refreshed and kept");
    let state = desk
        .attributes()
        .open(READINESS_DEMO_APP_ID)
        .await
        .expect("the editor opens");
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
        .expect("an edit, kept as a draft");
    // A second application's draft stays on disk (when it has a row to edit).
    let other = desk
        .applications()
        .cached()
        .await
        .expect("cached")
        .expect("kept")
        .rows
        .into_iter()
        .find(|r| r.id != READINESS_DEMO_APP_ID)
        .expect("another application");
    let other_row = desk
        .attributes()
        .open(&other.id)
        .await
        .expect("opens")
        .view
        .rows
        .rows
        .iter()
        .position(|r| !r.jit_required);
    if let Some(r) = other_row {
        desk.attributes()
            .apply(
                &other.id,
                &AttributeEdit::Toggle {
                    row: u32::try_from(r).expect("few rows"),
                },
            )
            .await
            .expect("an edit");
    }
    assert!(matches!(
        desk.attributes()
            .save(READINESS_DEMO_APP_ID)
            .await
            .expect("saved"),
        SaveOutcome::Saved { .. }
    ));

    let mut found = Vec::new();
    walk(root.path(), &mut found);
    let has = |suffix: &str| found.iter().any(|(p, _, _)| p.ends_with(suffix));
    assert!(
        has("config/settings.json") && has("connections/sandbox/applications.json"),
        "the walk covers what the desk wrote: {found:#?}"
    );
    let wrong: Vec<String> = found
        .iter()
        .filter(|(_, dir, mode)| *mode != if *dir { 0o700 } else { 0o600 })
        .map(|(p, dir, mode)| {
            format!(
                "{} ({}) is {mode:o}",
                p.display(),
                if *dir { "folder" } else { "file" }
            )
        })
        .collect();
    assert!(wrong.is_empty(), "owner-only everywhere: {wrong:#?}");
}
