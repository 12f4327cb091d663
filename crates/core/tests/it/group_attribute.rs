//! The group attribute end to end through the use-case layer: the editor's "Send user groups"
//! switch is saved to the application (`includeGroups`, `groupsAttributeName`), the sandbox's own
//! assertion then carries the user's groups under that name, and the assertion preview says the
//! same.

use serde_json::Value;
use sso_desk_core::attributes::rules::AttributeEdit;
use sso_desk_core::connections::credentials::Keyring;
use sso_desk_core::desk::SaveOutcome;
use sso_desk_sandbox::sample::READINESS_DEMO_APP_ID;

use crate::common::{console_of, desk_in, http, keyring_service, raw_get};

const APP: &str = READINESS_DEMO_APP_ID;

#[tokio::test]
async fn send_user_groups_reaches_the_sandbox_and_the_preview() {
    let root = tempfile::tempdir().expect("temp dir");
    let desk = desk_in(
        root.path(),
        Keyring::new(keyring_service("group-attribute")),
    );
    let (url, key) = console_of(&desk).await;

    let opened = desk.attributes().open(APP).await.expect("the editor opens");
    assert!(
        opened.view.read_only.is_none(),
        "the demo application is editable"
    );
    let edit = AttributeEdit::SetGroupAttribute {
        on: true,
        name: "memberOf".to_owned(),
    };
    desk.attributes()
        .apply(APP, &edit)
        .await
        .expect("the switch is an edit");
    match desk
        .attributes()
        .save(APP)
        .await
        .expect("the save goes through")
    {
        SaveOutcome::Saved { .. } => {}
        SaveOutcome::Conflict { conflicts } => panic!("nobody else edited: {conflicts:?}"),
    }

    let stored = raw_get(&url, &key, &format!("/api/applications/{APP}")).await;
    assert_eq!(
        stored["config"]["includeGroups"]["value"],
        Value::Bool(true)
    );
    assert_eq!(stored["config"]["groupsAttributeName"]["value"], "memberOf");

    // A user who reaches the application through a group, as the sandbox's graph says.
    let users: Value = http()
        .get(format!("{url}/api/v2/applications/{APP}/users"))
        .header("x-api-key", &key)
        .send()
        .await
        .expect("traversal")
        .json()
        .await
        .expect("JSON");
    let through_group = users
        .as_array()
        .expect("a list")
        .iter()
        .find(|u| {
            u["paths"]
                .as_array()
                .is_some_and(|p| p.iter().all(|p| p.as_array().is_some_and(|p| p.len() > 1)))
        })
        .and_then(|u| u["id"].as_str())
        .expect("someone reaches the demo application through a group")
        .to_owned();

    let assertion: Value = http()
        .get(format!(
            "{url}/sandbox/assertion?application={APP}&user={through_group}"
        ))
        .header("x-api-key", &key)
        .send()
        .await
        .expect("assertion")
        .json()
        .await
        .expect("JSON");
    let sent = assertion["attributes"]
        .as_array()
        .expect("statements")
        .iter()
        .find(|a| a["name"] == "memberOf")
        .expect("the sandbox sends the group statement");
    let mut sandbox_groups: Vec<String> = sent["value"]
        .as_array()
        .expect("a list of group names")
        .iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    sandbox_groups.sort();
    assert!(
        !sandbox_groups.is_empty(),
        "the user reaches it through a group"
    );

    let preview = desk
        .readiness()
        .preview(APP, &through_group)
        .await
        .expect("the preview");
    let groups = preview
        .groups
        .expect("the preview carries the group statement");
    assert_eq!(&*groups.name, "memberOf");
    let mut previewed: Vec<String> = groups.values.iter().map(|v| v.to_string()).collect();
    previewed.sort();
    assert_eq!(
        previewed, sandbox_groups,
        "the preview names the groups the sandbox sends"
    );
}
