//! The sandbox as the desk sees it: handed in (the core starts no server), asked for only when it
//! is first needed, and reset through the same checked client as every other call.

use std::sync::{Arc, Mutex};

use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::post;
use sso_desk_core::connections::credentials::Keyring;
use sso_desk_core::connections::sandbox::{StandaloneSandbox, SANDBOX_ORG_NAME};
use sso_desk_core::desk::Desk;
use sso_desk_core::profile::Profile;
use sso_desk_core::secret::Secret;

use crate::common::{console_of, keyring_service, raw_get, sandbox, serve, test_desk};

#[tokio::test]
async fn warming_up_starts_the_sandbox_before_any_page_asks_for_it() {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let desk = test_desk(tmp.path(), "warm-up");
    assert!(!desk.session().sandbox_started(), "nothing runs yet");
    desk.warm_up().await;
    assert!(
        desk.session().sandbox_started(),
        "with no saved connection, warming up starts the embedded sandbox"
    );
    let (first, _) = console_of(&desk).await;
    let (again, _) = console_of(&desk).await;
    assert_eq!(first, again, "the first page finds the same sandbox");
}

#[tokio::test]
async fn the_saved_list_is_shown_without_waiting_for_the_sandbox_to_start() {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let open = || test_desk(tmp.path(), "cached");
    let refreshed = open()
        .applications()
        .refresh(&|_| {})
        .await
        .expect("the first launch reads the list");

    let relaunched = open();
    let shown = relaunched
        .applications()
        .cached()
        .await
        .expect("the saved list")
        .expect("kept by the first launch");
    assert_eq!(shown.rows, refreshed.rows);
    assert!(
        !relaunched.session().sandbox_started(),
        "showing the saved list did not wait for the sandbox"
    );
}

#[test]
fn the_connection_list_names_the_sandboxs_own_organisation() {
    assert_eq!(
        SANDBOX_ORG_NAME,
        sso_desk_sandbox::SAMPLE_ORG_NAME,
        "the list shows the sandbox's organisation before it runs"
    );
}

#[tokio::test]
async fn reset_sample_data_puts_back_what_was_changed() {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let desk = test_desk(tmp.path(), "reset");
    let (url, key) = console_of(&desk).await;
    let before = raw_get(&url, &key, "/api/applications?limit=100").await;
    let id = before["results"][0]["_id"]
        .as_str()
        .expect("an application")
        .to_owned();
    crate::common::raw(
        &url,
        &key,
        reqwest::Method::DELETE,
        &format!("/api/applications/{id}"),
        None,
    )
    .await;
    desk.connections()
        .reset_sample_data()
        .await
        .expect("the sandbox takes the reset");
    let after = raw_get(&url, &key, "/api/applications?limit=100").await;
    assert_eq!(
        after["totalCount"], before["totalCount"],
        "the deleted application is back"
    );
}

/// A standalone "sandbox" whose reset answers with a redirect to another server on this machine,
/// and that server, which notes the key of any request it gets.
async fn redirecting_sandbox() -> (String, Arc<Mutex<Vec<String>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let noted = seen.clone();
    let elsewhere = serve(axum::Router::new().fallback(move |headers: HeaderMap| {
        let noted = noted.clone();
        async move {
            let key = headers
                .get("x-api-key")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("(none)")
                .to_owned();
            noted.lock().expect("the list").push(key);
            StatusCode::NO_CONTENT
        }
    }))
    .await;
    let target = format!("{elsewhere}/sandbox/reset");
    let sandbox = serve(axum::Router::new().route(
        "/sandbox/reset",
        post(move || {
            let target = target.clone();
            async move {
                (
                    StatusCode::TEMPORARY_REDIRECT,
                    [(axum::http::header::LOCATION, target)],
                )
                    .into_response()
            }
        }),
    ))
    .await;
    (sandbox, seen)
}

#[tokio::test]
async fn a_reset_of_a_standalone_sandbox_never_follows_a_redirect_with_the_key() {
    sso_desk_core::jumpcloud::install_tls();
    let (url, seen) = redirecting_sandbox().await;
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let standalone = StandaloneSandbox::new(&url, Secret::new("standalone-key-7c1e"))
        .expect("a loopback address");
    let desk = Desk::new(
        Profile::in_dir(tmp.path()),
        Keyring::new(keyring_service("reset-redirect")),
        Arc::new(standalone),
    );
    let result = desk.connections().reset_sample_data().await;
    assert!(
        result.is_err(),
        "a redirect is not a reset: {result:?} (the client follows none)"
    );
    assert!(
        seen.lock().expect("the list").is_empty(),
        "the key went to the address the redirect named: {:?}",
        seen.lock().expect("the list")
    );
}

#[tokio::test]
async fn a_standalone_sandbox_is_reached_with_its_own_key() {
    let org = sandbox().await;
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let standalone = StandaloneSandbox::new(org.url(), Secret::new(org.key())).expect("loopback");
    let desk = Desk::new(
        Profile::in_dir(tmp.path()),
        Keyring::new(keyring_service("standalone")),
        Arc::new(standalone),
    );
    let list = desk
        .applications()
        .refresh(&|_| {})
        .await
        .expect("the list loads");
    assert!(!list.rows.is_empty(), "the sample organisation is read");
    desk.connections()
        .reset_sample_data()
        .await
        .expect("the standalone sandbox takes the reset");
}
