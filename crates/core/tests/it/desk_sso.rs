//! The Single sign-on tab and the application lifecycle through the use-case layer ([`Desk`]), on
//! the desk's own embedded sandbox, held against what the sandbox holds (read and changed around
//! the desk, as someone in the console would).

use serde_json::{json, Value};
use sso_desk_core::applications::lifecycle;
use sso_desk_core::connections::credentials::Keyring;
use sso_desk_core::desk::{AppError, Desk, SsoSaveOutcome};
use sso_desk_core::edits::{ChangeLog, Choice, FieldChoice};
use sso_desk_core::jumpcloud::no_progress;
use sso_desk_core::profile::{ConnectionDir, ConnectionId};
use sso_desk_core::sso::{SsoEdit, SsoValue};

use crate::common::{
    client, console_of, desk_in, every_file_at_rest, keyring_service, raw_get, raw_put, sandbox,
};
use crate::proxy;

const KEY: &str =
    "-----BEGIN PRIVATE KEY-----\nSSO-DESK-TEST-PRIVATE-KEY-9f3a\n-----END PRIVATE KEY-----";

/// SP metadata shaped like a real SP's: `md:` prefixes, spaces around the entity ID, a redirect
/// ACS first and the default POST one not first, a signing certificate.
const METADATA: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID=" https://sp.example.com/saml ">
  <md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>MIIBsDCCAVegAwIBAgIUQIoCBJ1j4g1z9bn4II/J5ZlwP1kwCgYIKoZIzj0EAwIwLjEXMBUGA1UEAwwOc3AuZXhhbXBsZS5jb20xEzARBgNVBAoMCkV4YW1wbGUgU1AwHhcNMjYxMjAyMDYwNjQ1WhcNMzYxMTI5MDYwNjQ1WjAuMRcwFQYDVQQDDA5zcC5leGFtcGxlLmNvbTETMBEGA1UECgwKRXhhbXBsZSBTUDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABJfF03QYTtO5/jfX4l7CwNglH7/iQC7JzfBkSMQIW3Yyxu5HOdP7YuKBKW0VMi0Z7q7eZt3uLqj1OFdvmq4Z3SKjUzBRMB0GA1UdDgQWBBSJvLrNHTsUDmfgbJvX+SyTDxMHwzAfBgNVHSMEGDAWgBSJvLrNHTsUDmfgbJvX+SyTDxMHwzAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0cAMEQCIAOUOW1SZ2UTxWbDwCj7GwyBXUroMUrQC60e+SbuyW4NAiAQ14fJQU1sQWhTIY7vrw2OGuO47CfHVGFZZ36t+0yUzg==</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://sp.example.com/redirect" index="0"/>
    <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://sp.example.com/acs/1" index="1"/>
    <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://sp.example.com/acs/2" index="2" isDefault="true"/>
  </md:SPSSODescriptor>
</md:EntityDescriptor>"#;

/// The application as the sandbox holds it, read and written around the desk.
struct Console {
    url: String,
    key: String,
}

impl Console {
    async fn get(&self, id: &str) -> Value {
        raw_get(&self.url, &self.key, &format!("/api/applications/{id}")).await
    }

    async fn put(&self, id: &str, app: &Value) {
        raw_put(&self.url, &self.key, id, app).await
    }
}

/// A desk over a fresh profile, its console, and the id of a SAML application of the sample.
async fn desk(root: &std::path::Path, name: &str) -> (Desk, Console, String) {
    let desk = desk_in(root, Keyring::new(keyring_service(name)));
    let (url, key) = console_of(&desk).await;
    let client = desk.session().connect().await.expect("connected").client;
    let apps = client.list_applications(&no_progress).await.expect("apps");
    let app = apps
        .iter()
        .find(|a| a.sso_type() == Some("saml"))
        .expect("the sandbox has a SAML application");
    let id = app.id().expect("an id").to_owned();
    (desk, Console { url, key }, id)
}

fn text(s: &str) -> SsoValue {
    SsoValue::Text(s.to_owned())
}

fn acs_edit(value: &str) -> SsoEdit {
    SsoEdit {
        key: "acsUrl".into(),
        value: text(value),
    }
}

#[tokio::test]
async fn the_private_key_stays_on_the_server_and_nowhere_else() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let (desk, console, id) = desk(tmp.path(), "sso-key").await;
    let mut app = console.get(&id).await;
    app["config"]["idpPrivateKey"] = json!({"label": "IdP Private Key", "type": "file",
        "position": 5, "value": KEY});
    console.put(&id, &app).await;

    let mut replies: Vec<String> = Vec::new();
    let sso = desk.sso();
    replies.push(serde_json::to_string(&sso.open(&id).await.expect("open")).expect("json"));
    let edit = SsoEdit {
        key: "spEntityId".into(),
        value: text("https://sp.example.org/saml"),
    };
    replies.push(serde_json::to_string(&sso.edit(&id, &edit).await.expect("edit")).expect("json"));
    replies.push(serde_json::to_string(&sso.review(&id).await.expect("review")).expect("json"));
    let saved = sso.save(&id).await.expect("save");
    assert!(matches!(saved, SsoSaveOutcome::Saved { .. }), "{saved:?}");
    replies.push(serde_json::to_string(&saved).expect("json"));
    let off = desk
        .applications()
        .set_active(&id, false)
        .await
        .expect("deactivate");
    replies.push(serde_json::to_string(&off).expect("json"));
    // The attribute editor and the list keep applications too.
    let attributes = desk.attributes().open(&id).await.expect("attributes");
    replies.push(serde_json::to_string(&attributes).expect("json"));
    // An attribute edit writes the attribute draft (whose base is the whole application).
    let add = sso_desk_core::attributes::rules::AttributeEdit::AddRow {
        sp_name: "department".into(),
        source: sso_desk_core::attributes::Source::Property("department".into()),
    };
    let view = desk.attributes().apply(&id, &add).await.expect("apply");
    replies.push(serde_json::to_string(&view).expect("json"));
    let drafts = desk.profile().data_dir().join("connections");
    assert!(every_file_at_rest(&drafts)
        .iter()
        .any(|(p, _)| p.to_string_lossy().ends_with(".draft.json")));
    let list = desk.applications().refresh(&|_| {}).await.expect("list");
    replies.push(serde_json::to_string(&list).expect("json"));
    let certificates = desk.certificates().list().await.expect("certificates");
    replies.push(serde_json::to_string(&certificates).expect("json"));

    let stored = console.get(&id).await;
    assert_eq!(stored["config"]["idpPrivateKey"]["value"], KEY, "(a) kept");
    assert_eq!(
        stored["config"]["spEntityId"]["value"],
        "https://sp.example.org/saml"
    );
    assert_eq!(stored["active"], false);
    // The embedded sandbox keeps its own store in the profile: it stands for JumpCloud.
    let server = desk.profile().sandbox_dir(false);
    let files = every_file_at_rest(tmp.path());
    assert!(files
        .iter()
        .any(|(p, _)| p.to_string_lossy().contains("changes")));
    for (path, content) in files.iter().filter(|(p, _)| !p.starts_with(&server)) {
        assert!(
            !content.contains("SSO-DESK-TEST-PRIVATE-KEY"),
            "(b) {}",
            path.display()
        );
    }
    for reply in &replies {
        assert!(!reply.contains("SSO-DESK-TEST-PRIVATE-KEY"), "(c) {reply}");
    }
}

#[tokio::test]
async fn edits_are_kept_with_their_issues_and_read_only_fields_refuse() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let (desk, console, id) = desk(tmp.path(), "sso-edit").await;
    let mut app = console.get(&id).await;
    app["config"]["idpEntityId"]["readOnly"] = json!(true);
    console.put(&id, &app).await;
    let sso = desk.sso();
    let opened = sso.open(&id).await.expect("open");
    assert!(opened.sso_url.is_some());
    assert!(opened.fields.iter().any(|f| f.key == "acsUrl"));

    let s = sso
        .edit(&id, &acs_edit("http://sp.example.org/acs"))
        .await
        .expect("kept");
    let acs = s.fields.iter().find(|f| f.key == "acsUrl").expect("acs");
    assert_eq!(
        acs.value,
        text("http://sp.example.org/acs"),
        "the value is kept"
    );
    assert!(acs.issue.is_some());
    let review = sso.review(&id).await.expect("review");
    assert!(!review.can_save);
    assert_eq!(
        review
            .issues
            .iter()
            .map(|i| i.label.as_str())
            .collect::<Vec<_>>(),
        ["ACS URL"],
        "the issue names its field"
    );
    assert!(matches!(sso.save(&id).await, Err(AppError::Invalid { .. })));

    let locked = SsoEdit {
        key: "idpEntityId".into(),
        value: text("urn:mine"),
    };
    let err = sso.edit(&id, &locked).await.expect_err("read-only");
    assert!(matches!(err, AppError::Invalid { field: Some(ref f), .. } if f == "idpEntityId"));

    // A restart (a new desk on the same profile) finds the draft.
    drop(desk);
    let again = desk_in(tmp.path(), Keyring::new(keyring_service("sso-edit-again")));
    assert!(again.sso().open(&id).await.expect("reopened").has_changes);
    let fresh = again.sso().discard(&id).await.expect("discard");
    assert!(!fresh.has_changes);
}

#[tokio::test]
async fn the_review_names_fields_by_their_labels() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let (desk, _console, id) = desk(tmp.path(), "sso-labels").await;
    let sso = desk.sso();
    sso.edit(&id, &acs_edit("https://sp.example.org/acs"))
        .await
        .expect("edit");
    let review = sso.review(&id).await.expect("review");
    let change = review
        .changes
        .iter()
        .find(|c| c.label == "ACS URL")
        .unwrap_or_else(|| panic!("the ACS URL is named by its label: {review:?}"));
    assert_eq!(change.after, Some(json!("https://sp.example.org/acs")));
    assert!(change.before.is_some(), "with the value before");
    assert!(review.can_save);
}

#[tokio::test]
async fn metadata_import_fills_the_draft_and_a_bad_file_changes_nothing() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let (desk, _console, id) = desk(tmp.path(), "sso-import").await;
    let sso = desk.sso();
    let before = sso.open(&id).await.expect("open");
    let hostile = "<!DOCTYPE x [<!ENTITY a \"b\">]><x>&a;</x>";
    let err = sso
        .import_metadata(&id, hostile)
        .await
        .expect_err("refused");
    assert!(matches!(err, AppError::Invalid { field: Some(ref f), .. } if f == "metadata"));
    assert_eq!(sso.open(&id).await.expect("open").fields, before.fields);

    let import = sso.import_metadata(&id, METADATA).await.expect("import");
    let value = |k: &str| {
        import
            .settings
            .fields
            .iter()
            .find(|f| f.key == k)
            .map(|f| f.value.clone())
    };
    assert_eq!(
        value("spEntityId"),
        Some(text("https://sp.example.com/saml"))
    );
    assert_eq!(value("acsUrl"), Some(text("https://sp.example.com/acs/2")));
    let changed: Vec<&str> = import
        .review
        .changes
        .iter()
        .map(|c| c.label.as_str())
        .collect();
    assert!(changed.contains(&"SP Entity ID"), "{changed:?}");
    assert!(changed.contains(&"ACS URL"), "{changed:?}");
    // The sandbox's form has no SP certificate field: that part is reported, not invented.
    if value("spCertificate").is_none() {
        assert_eq!(import.skipped.len(), 1, "{:?}", import.skipped);
    }
    assert!(matches!(
        sso.save(&id).await.expect("save"),
        SsoSaveOutcome::Saved { .. }
    ));
}

#[tokio::test]
async fn a_conflicting_save_writes_nothing_shows_both_sides_and_is_decided_per_field() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let (desk, console, id) = desk(tmp.path(), "sso-conflict").await;
    let sso = desk.sso();
    sso.open(&id).await.expect("open");
    for (mine, theirs, choice, expected) in [
        (
            "https://mine.example.org/acs",
            "https://theirs.example.org/acs",
            Choice::KeepMine,
            "https://mine.example.org/acs",
        ),
        (
            "https://mine2.example.org/acs",
            "https://theirs2.example.org/acs",
            Choice::TakeTheirs,
            "https://theirs2.example.org/acs",
        ),
    ] {
        sso.edit(&id, &acs_edit(mine)).await.expect("edit");
        let mut current = console.get(&id).await;
        current["config"]["acsUrl"]["value"] = json!(theirs);
        current["description"] = json!(format!("changed elsewhere, {choice:?}"));
        console.put(&id, &current).await;
        let conflicts = match sso.save(&id).await.expect("save") {
            SsoSaveOutcome::Conflict {
                conflicts,
                settings,
            } => {
                assert!(settings.has_changes, "the draft is kept");
                conflicts
            }
            other => panic!("expected a conflict, got {other:?}"),
        };
        assert_eq!(conflicts.len(), 1, "{conflicts:?}");
        assert_eq!(conflicts[0].label, "ACS URL");
        assert_eq!(conflicts[0].mine, Some(json!(mine)));
        assert_eq!(conflicts[0].theirs, Some(json!(theirs)));
        assert_eq!(
            console.get(&id).await["config"]["acsUrl"]["value"],
            theirs,
            "a conflict writes nothing"
        );
        assert!(
            matches!(sso.resolve(&id, &[]).await, Err(AppError::Invalid { .. })),
            "every conflicting field needs a choice"
        );
        let choices = [FieldChoice {
            path: conflicts[0].path.clone(),
            choice,
        }];
        sso.resolve(&id, &choices).await.expect("resolved");
        if choice == Choice::KeepMine {
            assert!(matches!(
                sso.save(&id).await.expect("save"),
                SsoSaveOutcome::Saved { .. }
            ));
        } else {
            assert!(
                !sso.review(&id).await.expect("review").can_save,
                "taking theirs leaves nothing to save"
            );
        }
        let stored = console.get(&id).await;
        assert_eq!(stored["config"]["acsUrl"]["value"], expected, "{choice:?}");
        assert_eq!(
            stored["description"],
            json!(format!("changed elsewhere, {choice:?}")),
            "their other change is kept"
        );
    }
}

#[tokio::test]
async fn a_damaged_draft_is_reported_and_set_aside_without_blocking_the_tab() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let (desk, _console, id) = desk(tmp.path(), "sso-damaged").await;
    let sso = desk.sso();
    sso.edit(&id, &acs_edit("https://sp.example.org/acs"))
        .await
        .expect("edit");
    let file = every_file_at_rest(&desk.profile().data_dir().join("connections"))
        .into_iter()
        .map(|(p, _)| p)
        .find(|p| p.to_string_lossy().ends_with(".sso.json"))
        .expect("the SSO draft's file");
    std::fs::write(&file, b"{\"format\": 1, \"value\": {\"applicationId\": 7}}").expect("damage");
    let AppError::Damaged { path, .. } = sso.open(&id).await.expect_err("damaged") else {
        panic!("a damaged draft is reported as damaged");
    };
    assert_eq!(path, file.display().to_string(), "naming the file");
    let fresh = sso.set_aside_draft(&id).await.expect("set aside");
    assert!(!fresh.has_changes, "the tab opens afresh");
    let folder = file.parent().expect("a folder");
    assert!(
        every_file_at_rest(folder)
            .iter()
            .any(|(p, _)| p.to_string_lossy().contains(".damaged-")),
        "a dated copy is kept"
    );
}

#[tokio::test]
async fn delete_asks_for_the_label_and_a_forced_delete_forgets_the_application() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let (desk, _console, id) = desk(tmp.path(), "sso-delete").await;
    desk.applications().refresh(&|_| {}).await.expect("list");
    let sso = desk.sso();
    let label = sso.open(&id).await.expect("open").application.display_label;
    sso.edit(&id, &acs_edit("https://x.example.org/acs"))
        .await
        .expect("edit");

    let apps = desk.applications();
    for wrong in ["not it", "", "   "] {
        let err = apps.delete(&id, wrong, true).await.expect_err("refused");
        assert!(
            matches!(err, AppError::Invalid { field: Some(ref f), .. } if f == "confirmLabel"),
            "{wrong:?}: {err:?}"
        );
    }
    let open = apps
        .delete(&id, &format!("  {label} "), false)
        .await
        .expect_err("a draft is open");
    assert!(matches!(open, AppError::Invalid { field: Some(ref f), .. } if f == "force"));
    apps.delete(&id, &label, true).await.expect("deleted");

    let client = desk.session().connect().await.expect("connected").client;
    assert!(matches!(
        client.get_application(&id).await,
        Err(sso_desk_core::jumpcloud::Error::NotFound { .. })
    ));
    let cached = apps.cached().await.expect("cached").expect("a list");
    assert!(cached.rows.iter().all(|r| r.id != id));
    let server = desk.profile().sandbox_dir(false);
    // The history keeps it, on purpose: a deleted application can be brought back (#23).
    let history = desk
        .profile()
        .connection(&sso_desk_core::profile::ConnectionId::new("sandbox").expect("id"))
        .path()
        .join("history");
    for (path, _) in every_file_at_rest(tmp.path())
        .iter()
        .filter(|(p, _)| !p.starts_with(&server) && !p.starts_with(&history))
    {
        assert!(!path.to_string_lossy().contains(&id), "{}", path.display());
    }
    assert!(
        cached.deleted.iter().any(|d| d.id == id),
        "it is listed among the deleted applications, to be brought back"
    );
}

#[tokio::test]
async fn activate_and_deactivate_read_the_flag_back() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let (desk, console, id) = desk(tmp.path(), "sso-active").await;
    let apps = desk.applications();
    let off = apps.set_active(&id, false).await.expect("deactivate");
    assert!(!off.active && off.unchanged.is_none(), "{off:?}");
    assert_eq!(console.get(&id).await["active"], false);
    let on = apps.set_active(&id, true).await.expect("activate");
    assert!(on.active && on.unchanged.is_none(), "{on:?}");
    assert_eq!(console.get(&id).await["active"], true);
}

/// A server that keeps the flag it was sent (here a proxy that puts back what it held): the
/// reply says so, because the flag is read back, never assumed.
#[tokio::test]
async fn a_flag_the_server_keeps_is_reported_not_assumed() {
    let org = sandbox().await;
    let via = proxy::start(org.url(), org.key(), proxy::OnPut::KeepActive).await;
    let jc = client(&via, org.key());
    let id = jc.list_applications(&no_progress).await.expect("apps")[0]
        .id()
        .expect("id")
        .to_owned();
    let root = tempfile::tempdir().expect("temp dir");
    let log = ChangeLog::new(ConnectionDir::new(
        root.path(),
        &ConnectionId::new("sandbox").expect("id"),
    ));
    let state = lifecycle::set_active(&jc, &log, &id, false)
        .await
        .expect("the write runs");
    assert!(state.active, "JumpCloud kept it active: {state:?}");
    let said = state
        .unchanged
        .expect("the reply says the change did not take");
    assert!(said.contains("active"), "{said}");
    assert_eq!(
        org.get(&format!("/api/applications/{id}")).await["active"],
        state.active,
        "what is reported is what the server holds"
    );
}

#[tokio::test]
async fn the_metadata_url_names_the_applications_organisation() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let (desk, console, id) = desk(tmp.path(), "sso-metadata-url").await;
    let org = console.get(&id).await["organization"]
        .as_str()
        .expect("the sandbox's applications name their organisation")
        .to_owned();
    let url = desk.sso().metadata_url(&id).await.expect("url");
    assert_eq!(
        url,
        format!(
            "{}/api/organizations/{org}/applications/{id}/metadata.xml",
            console.url.trim_end_matches('/')
        )
    );
}

#[tokio::test]
async fn the_idp_metadata_xml_comes_from_the_sandbox() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let (desk, _console, id) = desk(tmp.path(), "sso-metadata-xml").await;
    let xml = desk.sso().metadata(&id).await.expect("xml").xml;
    assert!(xml.contains("EntityDescriptor"), "{xml}");
    assert!(!xml.contains("PRIVATE KEY"));
}

/// When JumpCloud refuses the keyed metadata fetch (the sandbox's `keyedMetadataStatus`), the
/// metadata is built locally from the application and labelled so; it carries the same entity ID,
/// SSO URL and certificate as JumpCloud's own file. Other failures are not papered over.
#[tokio::test]
async fn refused_idp_metadata_is_built_locally_and_says_so() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let (desk, console, id) = desk(tmp.path(), "sso-metadata-local").await;
    let sso = desk.sso();
    let served = sso.metadata(&id).await.expect("JumpCloud's metadata");
    assert_eq!(served.built_locally, None, "JumpCloud served it");

    let refuse = |status: u16| {
        let (url, key) = (console.url.clone(), console.key.clone());
        async move {
            let body = json!({"keyedMetadataStatus": status});
            sso_desk_testkit::raw(
                &url,
                &key,
                reqwest::Method::POST,
                "/sandbox/faults",
                Some(&body),
            )
            .await;
        }
    };
    refuse(403).await;
    let local = sso.metadata(&id).await.expect("built locally");
    let why = local
        .built_locally
        .as_deref()
        .expect("labelled as built locally");
    assert!(
        why.contains("HTTP 403") && why.contains("built locally"),
        "{why}"
    );
    let pick = |xml: &str, open: &str, close: &str| {
        let start = xml.find(open).map(|i| i + open.len());
        start.and_then(|s| xml[s..].find(close).map(|e| xml[s..s + e].to_owned()))
    };
    for (open, close) in [
        ("entityID=\"", "\""),
        ("<ds:X509Certificate>", "</ds:X509Certificate>"),
        ("HTTP-POST\" Location=\"", "\""),
    ] {
        let (a, b) = (
            pick(&served.xml, open, close),
            pick(&local.xml, open, close),
        );
        assert!(a.is_some(), "JumpCloud's file has {open}");
        assert_eq!(a, b, "the local file carries the same {open}");
    }

    refuse(0).await;
    assert_eq!(sso.metadata(&id).await.expect("served").built_locally, None);
}
