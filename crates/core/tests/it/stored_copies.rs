//! A stored copy of an application (a version, a snapshot's file) against the sandbox over
//! loopback: applied onto the current application through the one save, it brings the admin's
//! fields back and leaves JumpCloud's (ids, certificate, key, SSO URL) as they are now; created
//! anew, it makes the same connector with the same content and its user groups bound.

use serde_json::{json, Value};
use sso_desk_core::applications::recreate::recreate;
use sso_desk_core::edits::target::{certificate_differs, onto_current, without_owned};
use sso_desk_core::edits::{self, ChangeLog, Outcome};
use sso_desk_core::jumpcloud::{no_progress, Client};
use sso_desk_core::profile::{ConnectionDir, ConnectionId};
use sso_desk_core::sso::without_private_key;

use crate::common::sandbox;

async fn first_saml_app(jc: &Client) -> Value {
    jc.list_applications(&no_progress)
        .await
        .expect("apps")
        .into_iter()
        .map(|a| a.into_value())
        .find(|a| a.pointer("/config/idpCertificate/value").is_some())
        .expect("the sample has a SAML application")
}

fn log_in(root: &std::path::Path) -> ChangeLog {
    ChangeLog::new(ConnectionDir::new(
        root,
        &ConnectionId::new("sandbox").expect("id"),
    ))
}

#[tokio::test]
async fn a_stored_copy_saved_onto_the_current_one_brings_back_only_the_admins_fields() {
    let org = sandbox().await;
    let jc = org.client();
    let root = tempfile::tempdir().expect("temp dir");
    let log = log_in(root.path());
    let original = first_saml_app(&jc).await;
    let id = original["_id"].as_str().expect("id").to_owned();
    let stored = without_private_key(original.clone());

    // Someone changes it in the console: a label and the ACS URL.
    let mut drifted = original.clone();
    drifted["displayLabel"] = json!("Renamed in the console");
    drifted["config"]["acsUrl"]["value"] = json!("https://drifted.example.com/acs");
    org.put(&id, &drifted).await;

    let current = jc.get_application(&id).await.expect("get").into_value();
    let target = onto_current(&current, &stored);
    let out = edits::save(&jc, &log, "restore", &current, &target)
        .await
        .expect("saved");
    let Outcome::Saved {
        differences,
        certificate,
        ..
    } = out
    else {
        panic!("no conflict expected: {out:?}");
    };
    assert!(differences.is_empty(), "{differences:?}");
    assert!(certificate.is_none(), "the certificate is kept");

    let now = org.get(&format!("/api/applications/{id}")).await;
    assert_eq!(
        now, original,
        "the object is back as it was, private key and certificate included"
    );
    assert!(!certificate_differs(&stored, &now));
    assert_eq!(
        log.read().last().map(|r| r.action.as_str()),
        Some("restore")
    );
}

#[tokio::test]
async fn a_stored_copy_made_anew_has_the_same_content_a_new_certificate_and_its_groups() {
    let org = sandbox().await;
    let jc = org.client();
    let root = tempfile::tempdir().expect("temp dir");
    let log = log_in(root.path());
    let original = first_saml_app(&jc).await;
    let id = original["_id"].as_str().expect("id").to_owned();
    let groups: Vec<String> = jc
        .application_associations(&id)
        .await
        .expect("edges")
        .into_iter()
        .filter(|e| e.to.kind == "user_group")
        .map(|e| e.to.id)
        .collect();
    assert!(!groups.is_empty(), "the sample application has groups");
    let stored = without_private_key(original.clone());
    jc.delete_application(&id).await.expect("deleted");

    let made = recreate(&jc, &log, "restore", &stored, &groups)
        .await
        .expect("recreated");
    assert_ne!(made.id(), id, "JumpCloud gives it a new id");
    assert!(made.unbound.is_empty(), "{:?}", made.unbound);
    let mut bound = made.bound.clone();
    let mut wanted = groups.clone();
    bound.sort();
    wanted.sort();
    assert_eq!(bound, wanted, "the same user groups are bound");

    let now = org.get(&format!("/api/applications/{}", made.id())).await;
    assert_eq!(now["name"], original["name"], "the same connector");
    assert_eq!(
        without_owned(&now),
        without_owned(&original),
        "the same content, apart from what JumpCloud owns"
    );
    assert!(
        certificate_differs(&original, &now),
        "JumpCloud issued a new certificate"
    );
    assert!(
        now.pointer("/config/idpPrivateKey/value").is_some(),
        "and a key of its own"
    );
    assert!(!made.application.to_string().contains("PRIVATE KEY"));
    let actions: Vec<String> = log.read().into_iter().map(|r| r.action).collect();
    assert_eq!(actions.first().map(String::as_str), Some("restore"));
    assert_eq!(
        actions.iter().filter(|a| *a == "bind").count(),
        groups.len()
    );
}
