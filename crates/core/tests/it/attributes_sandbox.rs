//! The attribute editor end to end in core, against the sandbox over real HTTP on loopback:
//! read every sample application, edit a draft, keep it across a restart, save it through the
//! client, check the assertion the sandbox computes on its own, and survive someone else's edit.

use serde_json::{json, Value};
use sso_desk_core::attributes::draft::{AttributeDrafts as DraftStore, Draft, RowChoice};
use sso_desk_core::attributes::rules::AttributeEdit;
use sso_desk_core::attributes::{
    read_rows, template_requirements, write_rows, AttributeRows, JitRequirement, Source,
};
use sso_desk_core::edits::json_diff::PathSegment;
use sso_desk_core::edits::Choice;
use sso_desk_core::jumpcloud::{no_progress, Template};
use sso_desk_core::profile::{ConnectionDir, ConnectionId};
use sso_desk_sandbox::sample::{
    READINESS_DEMO_APP_ID, SLACK_TEMPLATE_NAME, USERS_WITHOUT_LASTNAME,
};

use crate::common::{sandbox, save_conflict, save_ok, Org};

fn requirements_for(templates: &[Template], application: &Value) -> Vec<JitRequirement> {
    let name = application
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or_default();
    templates
        .iter()
        .find(|t| t.name == name)
        .map(template_requirements)
        .unwrap_or_default()
}

/// `(name, value)` of the statements the sandbox would put in `user`'s assertion.
async fn assertion(org: &Org, application_id: &str, user_id: &str) -> Vec<(String, String)> {
    let body = org
        .get(&format!(
            "/sandbox/assertion?application={application_id}&user={user_id}"
        ))
        .await;
    body["attributes"]
        .as_array()
        .expect("a list of statements")
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap_or_default().to_owned(),
                s["value"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// The drafts folder of the sandbox connection in `root`.
fn draft_store(root: &std::path::Path) -> DraftStore {
    let id = ConnectionId::new("sandbox").expect("a plain id");
    DraftStore::new(&ConnectionDir::new(root, &id)).expect("store")
}

fn sayings(rows: &AttributeRows) -> Vec<(String, Source, bool)> {
    rows.rows
        .iter()
        .map(|r| (r.sp_name.clone(), r.source.clone(), r.on))
        .collect()
}

#[tokio::test]
async fn every_sample_application_reads_and_writes_back_unchanged() {
    let sandbox = sandbox().await;
    let client = sandbox.client();
    let templates = client
        .list_templates(&no_progress)
        .await
        .expect("templates");
    let applications = client
        .list_applications(&no_progress)
        .await
        .expect("applications");
    assert!(
        applications.len() >= 10,
        "the sample org has applications to read"
    );
    let (mut drifted, mut opted_out, mut custom) = (0, 0, 0);
    for application in &applications {
        let value = application.to_value();
        let rows = read_rows(&value, &requirements_for(&templates, &value));
        assert_eq!(
            write_rows(&value, &rows),
            value,
            "{:?}: unedited rows must write back unchanged",
            application.display_label()
        );
        drifted += usize::from(!rows.missing.is_empty());
        opted_out += usize::from(rows.rows.iter().any(|r| r.jit_required && !r.on));
        custom += usize::from(
            rows.rows
                .iter()
                .any(|r| matches!(r.source, Source::Custom(_))),
        );
    }
    assert!(drifted > 0 && opted_out > 0 && custom > 0, "the sample covers drift ({drifted}), opted-out JIT rows ({opted_out}) and custom attributes ({custom})");
    sandbox.stop().await;
}

#[tokio::test]
async fn a_draft_is_saved_and_the_assertion_follows_it() {
    let drafts_dir = tempfile::tempdir().expect("temp dir");
    let sandbox = sandbox().await;
    let client = sandbox.client();
    let templates = client
        .list_templates(&no_progress)
        .await
        .expect("templates");
    let slack = templates
        .iter()
        .find(|t| t.name == SLACK_TEMPLATE_NAME)
        .expect("Slack's template");
    let base = client
        .get_application(READINESS_DEMO_APP_ID)
        .await
        .expect("the demo application");

    let mut draft = Draft::new(base.to_value(), Some(template_requirements(slack)));
    let names: Vec<&str> = draft.rows.rows.iter().map(|r| r.sp_name.as_str()).collect();
    assert_eq!(
        names,
        vec!["email", "firstName", "lastName", "costCode", "workspace"],
        "the demo application as seeded"
    );
    assert!(
        draft.rows.rows[..3].iter().all(|r| r.jit_required),
        "Slack's JIT attributes are locked"
    );
    for edit in [
        AttributeEdit::SetSource {
            row: 2,
            source: Source::Property("username".into()),
        },
        AttributeEdit::Toggle { row: 3 },
        AttributeEdit::AddRow {
            sp_name: "dept".into(),
            source: Source::Property("department".into()),
        },
        AttributeEdit::AddRow {
            sp_name: "tier".into(),
            source: Source::Constant("gold".into()),
        },
    ] {
        draft.apply(&edit).expect("an allowed edit");
    }
    assert!(
        draft.apply(&AttributeEdit::DeleteRow { row: 0 }).is_err(),
        "email is JIT-required"
    );
    assert!(
        draft.view().can_save,
        "the draft is valid: {:?}",
        draft.validate()
    );
    draft_store(drafts_dir.path()).save(&draft).expect("saved");

    // The app restarts: the draft comes back from disk and is saved to the organisation.
    let draft = draft_store(drafts_dir.path())
        .load(READINESS_DEMO_APP_ID)
        .expect("readable")
        .expect("present");
    let review = sso_desk_core::edits::review(&draft).changes;
    assert!(
        review
            .iter()
            .all(|c| matches!(&c.path[..2], [a, _] if *a == PathSegment::Key("config".into()))),
        "the save changes only config: {review:?}"
    );
    let stored = save_ok(&client, &draft.base, &draft.edited_application()).await;
    let reread = read_rows(
        &client
            .get_application(READINESS_DEMO_APP_ID)
            .await
            .expect("read back")
            .to_value(),
        &template_requirements(slack),
    );
    assert_eq!(
        sayings(&reread),
        sayings(&draft.rows),
        "the organisation now holds the draft's rows"
    );
    assert_eq!(
        stored["config"]["databaseAttributes"]["value"][0],
        base.to_value()["config"]["databaseAttributes"]["value"][0],
        "an untouched entry is sent verbatim"
    );

    // The sandbox computes the assertion by itself from the stored JSON.
    let user_id = USERS_WITHOUT_LASTNAME[0];
    let user = client.get_user(user_id).await.expect("a sample user");
    let statements = assertion(&sandbox, READINESS_DEMO_APP_ID, user_id).await;
    let names: Vec<&str> = statements.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        vec![
            "email",
            "firstName",
            "lastName",
            "dept",
            "workspace",
            "tier"
        ],
        "costCode is off; constants come last"
    );
    assert_eq!(
        statements[2].1,
        user.username.clone().unwrap_or_default(),
        "lastName now carries the username"
    );
    assert_eq!(statements[5].1, "gold");
    sandbox.stop().await;
}

#[tokio::test]
async fn a_save_that_meets_another_edit_is_resolved_per_row() {
    let sandbox = sandbox().await;
    let client = sandbox.client();
    let templates = client
        .list_templates(&no_progress)
        .await
        .expect("templates");
    let slack = templates
        .iter()
        .find(|t| t.name == SLACK_TEMPLATE_NAME)
        .expect("Slack's template");
    let base = client
        .get_application(READINESS_DEMO_APP_ID)
        .await
        .expect("the demo application");

    let mut mine = Draft::new(base.to_value(), Some(template_requirements(slack)));
    mine.apply(&AttributeEdit::SetSource {
        row: 2,
        source: Source::Property("displayname".into()),
    })
    .expect("JIT source is editable");
    mine.apply(&AttributeEdit::AddRow {
        sp_name: "dept".into(),
        source: Source::Property("department".into()),
    })
    .expect("free row");

    // Meanwhile, in the console: lastName -> middlename, a new constant, a new label.
    let mut theirs = base.to_value();
    theirs["config"]["databaseAttributes"]["value"][2]["value"] = json!("middlename");
    theirs["config"]["constantAttributes"]["value"]
        .as_array_mut()
        .expect("constants")
        .push(json!({"name": "env", "value": "prod"}));
    theirs["displayLabel"] = json!("Slack (renamed)");
    sandbox.put(READINESS_DEMO_APP_ID, &theirs).await;

    let (current, conflicts) = save_conflict(&client, &mine.base, &mine.edited_application()).await;
    assert_eq!(
        current,
        sandbox
            .get(&format!("/api/applications/{READINESS_DEMO_APP_ID}"))
            .await,
        "nothing was written, and the conflict carries the copy it met"
    );
    let found = mine.conflicts(&current, &conflicts);
    let names: Vec<&str> = found.rows.iter().map(|c| c.sp_name.as_str()).collect();
    assert_eq!(
        names,
        vec!["lastName"],
        "only lastName was changed on both sides"
    );

    let rebased = mine
        .rebase(
            current,
            &[RowChoice {
                sp_name: "lastName".into(),
                choice: Choice::KeepMine,
            }],
        )
        .expect("every conflict has a choice");
    save_ok(&client, &rebased.base, &rebased.edited_application()).await;

    let saved = client
        .get_application(READINESS_DEMO_APP_ID)
        .await
        .expect("read back")
        .to_value();
    let rows = read_rows(&saved, &template_requirements(slack));
    let get = |name: &str| {
        rows.rows
            .iter()
            .find(|r| r.sp_name == name)
            .map(|r| r.source.clone())
    };
    assert_eq!(
        get("lastName"),
        Some(Source::Property("displayname".into())),
        "my choice won"
    );
    assert_eq!(
        get("dept"),
        Some(Source::Property("department".into())),
        "my uncontested row is there"
    );
    assert_eq!(
        get("env"),
        Some(Source::Constant("prod".into())),
        "their new constant is kept"
    );
    assert_eq!(
        saved["displayLabel"],
        json!("Slack (renamed)"),
        "their label is kept"
    );
    sandbox.stop().await;
}
