//! Without a reachable Secret Service the keyring fails with a message that says what to do.
//! This file is its own process, so pointing D-Bus at nowhere affects no other test.

use sso_desk_core::connections::credentials::{Error, Keyring};
use sso_desk_core::connections::secret::Secret;

#[tokio::test]
async fn no_secret_service_is_a_clear_error_without_the_secret() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A session bus address where nothing listens: like a desktop without a keyring daemon.
    std::env::set_var(
        "DBUS_SESSION_BUS_ADDRESS",
        format!("unix:path={}", dir.path().join("no-bus").display()),
    );
    let keyring = Keyring::new("dev.ssodesk.test.unavailable");
    let err = keyring
        .store("conn-x", &Secret::new("never-shown-key"))
        .await
        .expect_err("storing cannot work without a Secret Service");
    assert!(
        matches!(err, Error::Unavailable { .. }),
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
        matches!(read, Err(Error::Unavailable { .. })),
        "reading fails the same way, it does not pretend there is no secret: {read:?}"
    );
}
