//! Without a reachable Secret Service the keyring fails with a message that says what to do.
//!
//! The keyring finds D-Bus through the process's environment, and every test of this binary
//! shares one process: pointing D-Bus at nowhere here would break the real-keyring tests running
//! alongside. So the test runs this binary again, with only the check below selected and the
//! session bus pointed at a socket where nothing listens (like a desktop without a keyring
//! daemon).

use std::process::Command;

use sso_desk_core::connections::credentials::{Keyring, KeyringError};
use sso_desk_core::secret::Secret;

/// Set in the child process only.
const CHILD: &str = "SSO_DESK_TEST_NO_SECRET_SERVICE";

#[test]
fn no_secret_service_is_a_clear_error_without_the_secret() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = Command::new(std::env::current_exe().expect("the test binary"))
        .args([
            "--exact",
            "credentials_unavailable::without_a_secret_service",
            "--include-ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            format!("unix:path={}", dir.path().join("no-bus").display()),
        )
        .env(CHILD, "1")
        .output()
        .expect("the test binary runs again");
    let shown = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "the check failed:\n{shown}");
    assert!(
        shown.contains("1 passed"),
        "the check ran in the child process:\n{shown}"
    );
}

/// The check itself; it only means something in the child started above.
#[tokio::test]
#[ignore = "run by no_secret_service_is_a_clear_error_without_the_secret in its own process"]
async fn without_a_secret_service() {
    assert!(
        std::env::var_os(CHILD).is_some(),
        "run through no_secret_service_is_a_clear_error_without_the_secret, which points D-Bus \
         at nowhere first"
    );
    let keyring = Keyring::new("dev.ssodesk.test.unavailable");
    let err = keyring
        .store("conn-x", &Secret::new("never-shown-key"))
        .await
        .expect_err("storing cannot work without a Secret Service");
    assert!(
        matches!(err, KeyringError::Unavailable { .. }),
        "an unreachable store is Unavailable, got {err:?}"
    );
    let shown = format!("{err} {err:?}");
    assert!(
        shown.contains("Unlock your keyring"),
        "it says what to do: {shown}"
    );
    assert!(
        !shown.contains("never-shown-key"),
        "the secret is not in the error: {shown}"
    );
    let read = keyring.read("conn-x").await;
    assert!(
        matches!(read, Err(KeyringError::Unavailable { .. })),
        "reading fails the same way, it does not pretend there is no secret: {read:?}"
    );
}
