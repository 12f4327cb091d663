//! The Single sign-on tab on the sample's applications shaped like real organisations' (#22):
//! what the admin did not touch never blocks a save, a save never costs the admin the IdP
//! certificate, and list-form ACS URLs and metadata imports keep the stored shape.

use serde_json::Value;
use sso_desk_core::connections::credentials::Keyring;
use sso_desk_core::desk::{Desk, SsoSaveOutcome};
use sso_desk_core::jumpcloud::no_progress;
use sso_desk_core::sso::{SsoEdit, SsoValue};

use crate::common::{console_of, desk_in, keyring_service, raw_get};

/// A desk over a fresh profile, its sandbox's URL and key, and the id of the application `label`.
async fn desk_on(
    root: &std::path::Path,
    name: &str,
    label: &str,
) -> (Desk, (String, String), String) {
    let desk = desk_in(root, Keyring::new(keyring_service(name)));
    let console = console_of(&desk).await;
    let client = desk.session().connect().await.expect("connected").client;
    let apps = client.list_applications(&no_progress).await.expect("apps");
    let id = apps
        .iter()
        .find(|a| a.display_label() == Some(label))
        .unwrap_or_else(|| panic!("the sample has {label}"))
        .id()
        .expect("an id")
        .to_owned();
    (desk, console, id)
}

async fn stored(console: &(String, String), id: &str) -> Value {
    raw_get(&console.0, &console.1, &format!("/api/applications/{id}")).await
}

fn text(s: &str) -> SsoValue {
    SsoValue::Text(s.to_owned())
}

#[tokio::test]
async fn desk_sso_an_unrelated_edit_saves_past_odd_stored_values() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let (desk, console, id) = desk_on(
        tmp.path(),
        "sso-real-untouched",
        "Mixpanel EU (sample data)",
    )
    .await;
    let sso = desk.sso();
    let opened = sso.open(&id).await.expect("open");
    let odd: Vec<_> = opened.fields.iter().filter(|f| f.note.is_some()).collect();
    assert!(
        !odd.is_empty(),
        "the stored NameID format gets a note: {:?}",
        opened.fields
    );
    assert!(
        opened.fields.iter().all(|f| f.issue.is_none()),
        "{:?}",
        opened.fields
    );
    let edit = SsoEdit {
        key: "spEntityId".into(),
        value: text("https://eu.mixpanel.example/saml"),
    };
    sso.edit(&id, &edit).await.expect("edit");
    let review = sso.review(&id).await.expect("review");
    assert!(review.can_save, "{review:?}");
    let saved = sso.save(&id).await.expect("save");
    assert!(matches!(saved, SsoSaveOutcome::Saved { .. }), "{saved:?}");
    let app = stored(&console, &id).await;
    assert_eq!(
        app["config"]["spEntityId"]["value"],
        "https://eu.mixpanel.example/saml"
    );
    assert_eq!(
        app["config"]["defaultTargetUrl"]["value"], "example-eu-tenant",
        "the tenant RelayState is kept as it was"
    );
}

/// SP metadata with two HTTP-POST ACS URLs (the second the default) and a redirect one.
const TWO_POSTS: &str = r#"<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://partner.example.com/saml">
  <md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://partner.example.com/redirect" index="0"/>
    <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://partner.example.com/acs/1" index="1"/>
    <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://partner.example.com/acs/2" index="2" isDefault="true"/>
  </md:SPSSODescriptor>
</md:EntityDescriptor>"#;

#[tokio::test]
async fn desk_sso_an_import_fills_every_post_acs_url_of_a_list_form_application() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let (desk, console, id) = desk_on(
        tmp.path(),
        "sso-real-import",
        "Partner Portal (sample data)",
    )
    .await;
    let sso = desk.sso();
    let imported = sso.import_metadata(&id, TWO_POSTS).await.expect("import");
    assert!(imported.skipped.is_empty(), "{:?}", imported.skipped);
    assert!(imported.review.can_save, "{:?}", imported.review);
    let saved = sso.save(&id).await.expect("save");
    assert!(matches!(saved, SsoSaveOutcome::Saved { .. }), "{saved:?}");
    let app = stored(&console, &id).await;
    let acs = app["config"]["acsUrl"]["value"]
        .as_str()
        .expect("still a string");
    let list: Vec<Value> = serde_json::from_str(acs).expect("still a JSON list");
    let urls: Vec<&str> = list.iter().filter_map(|e| e["url"].as_str()).collect();
    assert_eq!(
        urls,
        [
            "https://partner.example.com/acs/1",
            "https://partner.example.com/acs/2"
        ]
    );
}
