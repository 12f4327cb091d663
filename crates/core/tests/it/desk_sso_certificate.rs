//! A save never costs the admin the IdP certificate (#22): every write of the engine (an SSO
//! draft, an attribute-style change of the whole object, activate/deactivate) is refused when
//! JumpCloud's fresh copy lacks a usable private key, and a certificate JumpCloud issues during a
//! write is reported with the save and recorded in the change log.

use std::sync::Arc;

use serde_json::{json, Value};
use sso_desk_core::applications::lifecycle;
use sso_desk_core::edits::{self, ChangeLog, Outcome};
use sso_desk_core::jumpcloud::{no_progress, Client};
use sso_desk_core::profile::{ConnectionDir, ConnectionId};
use sso_desk_core::sso::draft::{SsoDrafts, SsoSaveOutcome};
use sso_desk_core::sso::{SsoEdit, SsoValue};
use sso_desk_sandbox::SandboxOptions;

use crate::common::{client, sandbox, sandbox_with};
use crate::proxy;

/// An SP signing certificate (bare base64 DER), standing for the one JumpCloud would issue.
const NEW_CERT: &str = "MIIBsDCCAVegAwIBAgIUQIoCBJ1j4g1z9bn4II/J5ZlwP1kwCgYIKoZIzj0EAwIwLjEXMBUGA1UEAwwOc3AuZXhhbXBsZS5jb20xEzARBgNVBAoMCkV4YW1wbGUgU1AwHhcNMjYxMjAyMDYwNjQ1WhcNMzYxMTI5MDYwNjQ1WjAuMRcwFQYDVQQDDA5zcC5leGFtcGxlLmNvbTETMBEGA1UECgwKRXhhbXBsZSBTUDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABJfF03QYTtO5/jfX4l7CwNglH7/iQC7JzfBkSMQIW3Yyxu5HOdP7YuKBKW0VMi0Z7q7eZt3uLqj1OFdvmq4Z3SKjUzBRMB0GA1UdDgQWBBSJvLrNHTsUDmfgbJvX+SyTDxMHwzAfBgNVHSMEGDAWgBSJvLrNHTsUDmfgbJvX+SyTDxMHwzAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0cAMEQCIAOUOW1SZ2UTxWbDwCj7GwyBXUroMUrQC60e+SbuyW4NAiAQ14fJQU1sQWhTIY7vrw2OGuO47CfHVGFZZ36t+0yUzg==";

async fn app_id(jc: &Client, label: &str) -> String {
    jc.list_applications(&no_progress)
        .await
        .expect("apps")
        .iter()
        .find(|a| a.display_label() == Some(label))
        .and_then(|a| a.id())
        .unwrap_or_else(|| panic!("the sample has {label}"))
        .to_owned()
}

fn folder(root: &std::path::Path) -> ConnectionDir {
    ConnectionDir::new(root, &ConnectionId::new("sandbox").expect("id"))
}

#[tokio::test]
async fn desk_sso_every_save_is_refused_when_the_private_key_comes_back_masked() {
    let org = sandbox_with(|o| SandboxOptions {
        mask_private_key: true,
        ..o
    })
    .await;
    let jc = org.client();
    let id = app_id(&jc, "Mixpanel EU (sample data)").await;
    let path = format!("/api/applications/{id}");
    let before = org.get(&path).await;
    assert!(
        before.pointer("/sso/idpCertExpirationAt").is_some()
            || before.pointer("/config/idpCertificate").is_some()
    );
    let root = tempfile::tempdir().expect("temp dir");
    let dir = folder(root.path());
    let log = ChangeLog::new(dir.clone());

    // The SSO tab.
    let drafts = SsoDrafts::new(&dir, &jc).expect("drafts");
    let edit = SsoEdit {
        key: "spEntityId".into(),
        value: SsoValue::Text("https://eu.mixpanel.example/saml".into()),
    };
    drafts.edit(&id, &edit).await.expect("edit");
    let err = drafts.save(&id).await.expect_err("refused").to_string();
    assert!(
        err.contains("private key") && err.contains("Nothing was saved"),
        "{err}"
    );
    assert!(
        drafts.kept(&id).expect("kept").is_some(),
        "the draft is kept"
    );

    // A change of the whole object, as the attribute editor saves.
    let base = jc.get_application(&id).await.expect("get").into_value();
    let mut edited = base.clone();
    edited["description"] = json!("changed");
    let err = edits::save(&jc, &log, "save", &base, &edited)
        .await
        .expect_err("refused")
        .to_string();
    assert!(err.contains("private key"), "{err}");

    // Deactivate (activating the active application writes nothing at all).
    let err = lifecycle::set_active(&jc, &log, &id, false)
        .await
        .expect_err("refused")
        .to_string();
    assert!(err.contains("private key"), "{err}");

    // Nothing reached the sandbox (masking off shows what it holds).
    let held: Value = org.get(&path).await;
    assert_eq!(held, before, "the application is unchanged");
    assert!(log.read().is_empty(), "nothing saved, nothing recorded");
}

#[tokio::test]
async fn desk_sso_a_certificate_issued_during_a_save_is_reported_and_recorded() {
    let org = sandbox().await;
    let via = proxy::start(
        org.url(),
        org.key(),
        proxy::OnPut::Rewrite(Arc::new(|sent: &mut Value| {
            sent["config"]["idpCertificate"]["value"] = json!(NEW_CERT);
            sent["sso"]["idpCertExpirationAt"] = json!("2036-11-29T06:06:45.000Z");
        })),
    )
    .await;
    let jc = client(&via, org.key());
    let id = app_id(&jc, "Mixpanel EU (sample data)").await;
    let root = tempfile::tempdir().expect("temp dir");
    let dir = folder(root.path());
    let drafts = SsoDrafts::new(&dir, &jc).expect("drafts");
    let edit = SsoEdit {
        key: "spEntityId".into(),
        value: SsoValue::Text("https://eu.mixpanel.example/saml".into()),
    };
    drafts.edit(&id, &edit).await.expect("edit");
    let SsoSaveOutcome::Saved {
        certificate_changed,
        ..
    } = drafts.save(&id).await.expect("saved")
    else {
        panic!("no conflict expected");
    };
    let change = certificate_changed.expect("the new certificate is reported");
    assert_ne!(change.before_fingerprint, change.after_fingerprint);
    assert_eq!(change.expires.as_deref(), Some("2036-11-29T06:06:45.000Z"));
    let log = ChangeLog::new(dir);
    let records = log.read();
    let detail = records
        .last()
        .and_then(|r| r.detail.clone())
        .expect("the change log names it");
    assert!(detail.contains("new IdP certificate"), "{detail}");

    // A save that leaves the certificate alone says nothing of it.
    let plain = sandbox().await;
    let jc = plain.client();
    let base = jc.get_application(&id).await.expect("get").into_value();
    let mut edited = base.clone();
    edited["description"] = json!("changed");
    let out = edits::save(
        &jc,
        &ChangeLog::new(folder(root.path())),
        "save",
        &base,
        &edited,
    )
    .await
    .expect("saved");
    assert!(
        matches!(
            out,
            Outcome::Saved {
                certificate: None,
                ..
            }
        ),
        "{out:?}"
    );
}
