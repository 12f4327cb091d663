//! The keyring against the real Secret Service (gnome-keyring under D-Bus), not a mock.
//!
//! These tests need a D-Bus session with an unlocked Secret Service, which `make test`
//! (scripts/test.sh) provides. Outside one they fail and say so: a keyring test that passes
//! without a keyring would prove nothing.

use std::process::Command;

use sso_desk_core::secret::Secret;

use crate::common::real_keyring as keyring;

/// What `secret-tool` (libsecret's command line) finds for the item: proof that the secret went
/// to the real store, under the attributes the project documents.
fn secret_tool_lookup(service: &str, account: &str) -> Option<String> {
    let out = Command::new("secret-tool")
        .args(["lookup", "service", service, "username", account])
        .output()
        .expect("secret-tool runs (apt install libsecret-tools)");
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

#[tokio::test]
async fn store_read_replace_delete_round_trip_in_the_real_store() {
    let keyring = keyring("roundtrip");
    let account = "conn-roundtrip";

    assert!(
        keyring.read(account).await.expect("read works").is_none(),
        "a fresh account has no secret, and that is Ok(None), not an error"
    );

    keyring
        .store(account, &Secret::new("first-key-value"))
        .await
        .expect("store works");
    let read = keyring.read(account).await.expect("read works");
    assert_eq!(
        read.as_ref().map(Secret::expose),
        Some("first-key-value"),
        "what was stored comes back"
    );
    assert_eq!(
        secret_tool_lookup(keyring.service(), account).as_deref(),
        Some("first-key-value"),
        "the item is in the Secret Service under service/username attributes"
    );

    keyring
        .store(account, &Secret::new("second-key-value"))
        .await
        .expect("replacing works");
    assert_eq!(
        keyring
            .read(account)
            .await
            .expect("read")
            .as_ref()
            .map(Secret::expose),
        Some("second-key-value"),
        "a second store replaces the first, it does not add a second item"
    );

    assert!(
        keyring.delete(account).await.expect("delete works"),
        "there was an item"
    );
    assert!(
        keyring.read(account).await.expect("read works").is_none(),
        "a deleted secret is gone"
    );
    assert_eq!(
        secret_tool_lookup(keyring.service(), account),
        None,
        "the Secret Service no longer has the item"
    );
    assert!(
        !keyring
            .delete(account)
            .await
            .expect("deleting nothing works"),
        "deleting a missing item says there was none"
    );
}

#[tokio::test]
async fn accounts_are_separate() {
    let keyring = keyring("separate");
    keyring
        .store("conn-a", &Secret::new("key-a"))
        .await
        .expect("store a");
    keyring
        .store("conn-b", &Secret::new("key-b"))
        .await
        .expect("store b");
    assert_eq!(
        keyring
            .read("conn-a")
            .await
            .expect("read a")
            .as_ref()
            .map(Secret::expose),
        Some("key-a")
    );
    keyring.delete("conn-a").await.expect("delete a");
    assert_eq!(
        keyring
            .read("conn-b")
            .await
            .expect("read b")
            .as_ref()
            .map(Secret::expose),
        Some("key-b"),
        "deleting one connection's secret leaves the others"
    );
    keyring.delete("conn-b").await.expect("delete b");
}
