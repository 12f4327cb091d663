//! A create through the use-case layer is read back: what JumpCloud generates for a blank field
//! (the IdP certificate) is no difference, and the change log records the create.

use sso_desk_core::connections::credentials::Keyring;
use sso_desk_core::new_application::NewApplication;
use sso_desk_sandbox::sample::ZOOM_TEMPLATE_ID;

use crate::common::{desk_in, keyring_service};

#[tokio::test]
async fn a_create_is_read_back_and_recorded() {
    let root = tempfile::tempdir().expect("temp dir");
    let desk = desk_in(root.path(), Keyring::new(keyring_service("desk-create")));
    let details = desk
        .catalog()
        .template_details(ZOOM_TEMPLATE_ID)
        .await
        .expect("Zoom's details");
    let form = NewApplication {
        template_id: details.template_id.clone(),
        display_label: "Zoom (read back)".into(),
        description: "made by a test".into(),
        config: details
            .fields
            .iter()
            .map(|f| (f.key.clone(), f.value.clone()))
            .collect(),
        rows: details.rows.clone(),
    };
    let created = desk
        .catalog()
        .create("workflow-read-back", &form)
        .await
        .expect("the create goes through");
    assert_eq!(created.application.display_label, "Zoom (read back)");
    assert!(
        created.differences.is_empty(),
        "every sent value came back as sent; a generated certificate is not a change: {:?}",
        created.differences
    );
    let log = std::fs::read_to_string(root.path().join("data/connections/sandbox/changes.json"))
        .expect("the change log is written");
    assert!(log.contains("\"create\""), "the create is recorded: {log}");
    assert!(
        log.contains(&created.application.id),
        "under the new application's id"
    );
    assert!(!log.contains("PRIVATE KEY"), "no key in the log");
}
