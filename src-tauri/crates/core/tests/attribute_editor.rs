//! The attribute editor's open drafts against the sandbox over loopback: the template's JIT
//! requirements are found by name, every change is on disk before it is acknowledged (a new
//! `OpenDrafts`, as after a crash, finds it), and a save that meets someone else's edit of the
//! same row is resolved either way without losing anything.

use serde_json::Value;
use sso_desk_core::attribute_editor::{requirements_of, EditorError, OpenDrafts};
use sso_desk_core::attributes::rules::AttributeEdit;
use sso_desk_core::attributes::{read_rows, Source};
use sso_desk_core::drafts::{Choice, Draft, RowChoice};
use sso_desk_core::jumpcloud::{
    Application, Client, ConnectionOptions, Credentials, Endpoint, Error,
};
use sso_desk_sandbox::sample::READINESS_DEMO_APP_ID;
use sso_desk_sandbox::{SandboxOptions, DEFAULT_API_KEY};

const CONNECTION: &str = "sandbox";

fn client(url: &str) -> Client {
    Client::new(
        &Endpoint::Custom(url.to_owned()),
        Credentials::api_key(DEFAULT_API_KEY),
        ConnectionOptions::default(),
    )
    .expect("a client for the sandbox")
}

fn app(value: Value) -> Application {
    Application::from_json(value).expect("an application is a JSON object")
}

async fn open(client: &Client, drafts: &OpenDrafts) -> Draft {
    let application = client
        .get_application(READINESS_DEMO_APP_ID)
        .await
        .expect("the demo application")
        .into_value();
    let requirements = requirements_of(client, &application)
        .await
        .expect("templates are readable");
    let draft = Draft::new(application, requirements);
    drafts
        .start(CONNECTION, draft.clone())
        .expect("the draft opens");
    draft
}

fn row_of(draft: &Draft, sp_name: &str) -> u32 {
    let at = draft
        .rows
        .rows
        .iter()
        .position(|r| r.sp_name == sp_name)
        .unwrap_or_else(|| panic!("{sp_name} is a row of the demo application"));
    u32::try_from(at).expect("few rows")
}

#[tokio::test]
async fn requirements_come_from_the_template_named_by_the_application() {
    let data = tempfile::tempdir().expect("temp dir");
    let sandbox = sso_desk_sandbox::start(SandboxOptions::new(data.path()))
        .await
        .expect("sandbox starts");
    let client = client(sandbox.url());
    let application = client
        .get_application(READINESS_DEMO_APP_ID)
        .await
        .expect("the demo application")
        .into_value();
    let names: Vec<String> = requirements_of(&client, &application)
        .await
        .expect("templates are readable")
        .expect("Slack's template exists")
        .into_iter()
        .map(|r| r.sp_name)
        .collect();
    assert_eq!(
        names,
        vec!["email", "firstName", "lastName"],
        "Slack's JIT needs these three"
    );
    let mut unknown = application.clone();
    unknown["name"] = Value::from("no-such-connector");
    assert_eq!(
        requirements_of(&client, &unknown).await.expect("a search"),
        None,
        "no template of that name: rows fall back to their flags"
    );
    sandbox.stop().await;
}

#[tokio::test]
async fn every_change_is_on_disk_and_a_save_or_discard_removes_it() {
    let data = tempfile::tempdir().expect("temp dir");
    let root = tempfile::tempdir().expect("temp dir");
    let sandbox = sso_desk_sandbox::start(SandboxOptions::new(data.path()))
        .await
        .expect("sandbox starts");
    let client = client(sandbox.url());
    let drafts = OpenDrafts::new(root.path());
    let draft = open(&client, &drafts).await;
    let file = root
        .path()
        .join(CONNECTION)
        .join(format!("{READINESS_DEMO_APP_ID}.draft.json"));
    assert!(!file.exists(), "opening alone writes nothing");

    let first_name = row_of(&draft, "firstName");
    let view = drafts
        .apply(
            CONNECTION,
            READINESS_DEMO_APP_ID,
            &AttributeEdit::SetOn {
                row: first_name,
                on: false,
            },
        )
        .expect("a JIT row can be switched off");
    assert!(
        view.can_undo && view.can_save,
        "an edit can be undone and saved"
    );
    assert!(
        file.exists(),
        "the edit is on disk before it is acknowledged"
    );

    // A crash: a new OpenDrafts on the same folder finds the draft.
    let after_crash = OpenDrafts::new(root.path());
    let found = after_crash
        .find(CONNECTION, READINESS_DEMO_APP_ID)
        .expect("readable")
        .expect("the draft survived");
    assert!(
        !found.rows.rows[first_name as usize].on,
        "firstName is still off"
    );
    assert!(
        matches!(
            after_crash.apply(
                CONNECTION,
                READINESS_DEMO_APP_ID,
                &AttributeEdit::DeleteRow { row: first_name }
            ),
            Err(EditorError::Edit(_))
        ),
        "the rules still hold after a restart"
    );
    let undone = after_crash
        .undo(CONNECTION, READINESS_DEMO_APP_ID)
        .expect("undo");
    assert!(undone.can_redo && !undone.can_save, "back to the base");
    let redone = after_crash
        .redo(CONNECTION, READINESS_DEMO_APP_ID)
        .expect("redo");
    assert!(redone.can_save);

    let draft = after_crash
        .draft(CONNECTION, READINESS_DEMO_APP_ID)
        .expect("open");
    let stored = client
        .update_application(&app(draft.base.clone()), &app(draft.edited_application()))
        .await
        .expect("saved");
    let view = after_crash
        .saved(CONNECTION, READINESS_DEMO_APP_ID, stored.into_value())
        .expect("the draft is settled");
    assert!(!file.exists(), "a saved draft leaves no file");
    assert!(
        !view.rows.rows[first_name as usize].on && !view.can_undo && !view.can_save,
        "editing starts afresh from the stored copy"
    );

    after_crash
        .apply(
            CONNECTION,
            READINESS_DEMO_APP_ID,
            &AttributeEdit::Toggle { row: first_name },
        )
        .expect("toggle");
    assert!(file.exists());
    after_crash
        .discard(CONNECTION, READINESS_DEMO_APP_ID)
        .expect("discard");
    assert!(!file.exists(), "a discarded draft leaves no file");
    assert!(matches!(
        after_crash.find(CONNECTION, READINESS_DEMO_APP_ID),
        Ok(None)
    ));
    assert!(
        matches!(
            OpenDrafts::new(root.path()).store("../elsewhere"),
            Err(EditorError::InvalidConnection(_))
        ),
        "a connection id cannot leave the drafts folder"
    );
    sandbox.stop().await;
}

/// Opens, edits lastName and adds a row; someone else changes lastName meanwhile; the save
/// conflicts; the admin chooses `choice`. Returns the stored application's rows by name.
async fn conflict_resolved_with(choice: Choice) -> (Vec<(String, Source, bool)>, Value) {
    let data = tempfile::tempdir().expect("temp dir");
    let root = tempfile::tempdir().expect("temp dir");
    let sandbox = sso_desk_sandbox::start(SandboxOptions::new(data.path()))
        .await
        .expect("sandbox starts");
    let client = client(sandbox.url());
    let drafts = OpenDrafts::new(root.path());
    let draft = open(&client, &drafts).await;
    let last_name = row_of(&draft, "lastName");
    for edit in [
        AttributeEdit::SetSource {
            row: last_name,
            source: Source::Constant("Doe".into()),
        },
        AttributeEdit::AddRow {
            sp_name: "badge".into(),
            source: Source::Custom("badgeNumber".into()),
        },
    ] {
        drafts
            .apply(CONNECTION, READINESS_DEMO_APP_ID, &edit)
            .expect("allowed");
    }

    // Someone else maps lastName to the username and renames the application.
    let mut theirs = draft.base.clone();
    let entries = theirs["config"]["databaseAttributes"]["value"]
        .as_array_mut()
        .expect("database rows");
    let entry = entries
        .iter_mut()
        .find(|e| e["name"] == "lastName")
        .expect("lastName entry");
    entry["value"] = Value::from("username");
    theirs["displayLabel"] = Value::from("Slack (renamed elsewhere)");
    client
        .update_application(&app(draft.base.clone()), &app(theirs))
        .await
        .expect("the other edit lands");

    let mine = drafts
        .draft(CONNECTION, READINESS_DEMO_APP_ID)
        .expect("open");
    let conflicts = match client
        .update_application(&app(mine.base.clone()), &app(mine.edited_application()))
        .await
    {
        Err(Error::Conflict { conflicts }) => conflicts,
        other => panic!("both changed lastName, the save must conflict: {other:?}"),
    };
    let current = client
        .get_application(READINESS_DEMO_APP_ID)
        .await
        .expect("current")
        .into_value();
    let rows = drafts
        .conflicted(CONNECTION, READINESS_DEMO_APP_ID, current, &conflicts)
        .expect("open");
    assert_eq!(
        rows.rows
            .iter()
            .map(|r| r.sp_name.as_str())
            .collect::<Vec<_>>(),
        vec!["lastName"],
        "only lastName is in conflict; the new row is not"
    );
    assert!(
        matches!(
            drafts.resolve(CONNECTION, READINESS_DEMO_APP_ID, &[]),
            Err(EditorError::Conflict(_))
        ),
        "every conflicting row needs a choice"
    );
    let rebased = drafts
        .resolve(
            CONNECTION,
            READINESS_DEMO_APP_ID,
            &[RowChoice {
                sp_name: "lastName".into(),
                choice,
            }],
        )
        .expect("resolved");
    assert!(rebased.can_save, "the badge row still waits to be saved");
    let mine = drafts
        .draft(CONNECTION, READINESS_DEMO_APP_ID)
        .expect("open");
    let stored = client
        .update_application(&app(mine.base.clone()), &app(mine.edited_application()))
        .await
        .expect("the rebased draft saves")
        .into_value();
    let rows = read_rows(&stored, mine.requirements.as_deref().unwrap_or_default())
        .rows
        .into_iter()
        .map(|r| (r.sp_name, r.source, r.on))
        .collect();
    sandbox.stop().await;
    (rows, stored)
}

#[tokio::test]
async fn a_conflict_keeps_mine_or_takes_theirs_and_loses_nothing_else() {
    for (choice, last_name) in [
        (Choice::KeepMine, Source::Constant("Doe".into())),
        (Choice::TakeTheirs, Source::Property("username".into())),
    ] {
        let (rows, stored) = conflict_resolved_with(choice).await;
        let find = |name: &str| rows.iter().find(|r| r.0 == name).map(|r| r.1.clone());
        assert_eq!(
            find("lastName"),
            Some(last_name),
            "{choice:?} decides lastName"
        );
        assert_eq!(
            find("badge"),
            Some(Source::Custom("badgeNumber".into())),
            "{choice:?}: my other change is kept"
        );
        assert_eq!(
            stored["displayLabel"], "Slack (renamed elsewhere)",
            "{choice:?}: their other change is kept"
        );
    }
}
