//! The attribute editor through the use-case layer ([`Desk`]), on a profile in a temporary folder
//! and the desk's own embedded sandbox over loopback: the template's JIT requirements are found by
//! name, every change is on disk before it is acknowledged (a new desk on the same profile, as
//! after a crash, finds it), and a save that meets someone else's edit of the same row is resolved
//! either way without losing anything. "Someone else" edits through the sandbox's raw API, as an
//! admin in JumpCloud's console would.

use std::path::{Path, PathBuf};

use serde_json::Value;
use sso_desk_core::attributes::draft::requirements_of;
use sso_desk_core::attributes::draft::{AttributeConflicts, RowChoice, RowSide};
use sso_desk_core::attributes::rules::AttributeEdit;
use sso_desk_core::attributes::{read_rows, template_requirements, AttributeRows, Source};
use sso_desk_core::connections::credentials::Keyring;
use sso_desk_core::desk::{AppError, AttributeEditorState, Desk, SaveOutcome};
use sso_desk_core::edits::Choice;
use sso_desk_core::jumpcloud::no_progress;
use sso_desk_core::profile::{ConnectionId, StoreError};
use sso_desk_sandbox::sample::{READINESS_DEMO_APP_ID, SLACK_TEMPLATE_NAME};

use crate::common::{console_of, desk_in, keyring_service, raw_get, raw_put, sandbox};

const APP: &str = READINESS_DEMO_APP_ID;

/// A desk whose keyring is never needed (no stored connection): a service of this test alone.
fn desk(root: &Path, test: &str) -> Desk {
    desk_in(root, Keyring::new(keyring_service(test)))
}

/// Where the desk keeps the draft of the demo application.
fn draft_file(root: &Path) -> PathBuf {
    root.join("data/connections/sandbox/drafts")
        .join(format!("{APP}.draft.json"))
}

fn row_of(rows: &AttributeRows, sp_name: &str) -> u32 {
    let at = rows
        .rows
        .iter()
        .position(|r| r.sp_name == sp_name)
        .unwrap_or_else(|| panic!("{sp_name} is a row of the demo application"));
    u32::try_from(at).expect("few rows")
}

async fn open(desk: &Desk) -> AttributeEditorState {
    desk.attributes()
        .open(APP)
        .await
        .expect("the demo application opens")
}

/// The demo application as JumpCloud holds it, read around the desk.
async fn stored(desk: &Desk) -> Value {
    let (url, key) = console_of(desk).await;
    raw_get(&url, &key, &format!("/api/applications/{APP}")).await
}

/// Someone in the console changes the demo application (a complete object, as JumpCloud's PUT).
async fn console_edit(desk: &Desk, edit: impl FnOnce(&mut Value)) -> Value {
    let (url, key) = console_of(desk).await;
    let mut app = stored(desk).await;
    edit(&mut app);
    raw_put(&url, &key, APP, &app).await;
    stored(desk).await
}

/// The rows of the stored demo application, read with Slack's requirements.
async fn stored_rows(desk: &Desk) -> AttributeRows {
    let (url, key) = console_of(desk).await;
    let client = crate::common::client(&url, &key);
    let templates = client
        .list_templates(&no_progress)
        .await
        .expect("templates");
    let slack = templates
        .iter()
        .find(|t| t.name == SLACK_TEMPLATE_NAME)
        .expect("Slack's template");
    read_rows(&stored(desk).await, &template_requirements(slack))
}

fn entry_of<'a>(app: &'a mut Value, sp_name: &str) -> &'a mut Value {
    app["config"]["databaseAttributes"]["value"]
        .as_array_mut()
        .expect("database rows")
        .iter_mut()
        .find(|e| e["name"] == sp_name)
        .unwrap_or_else(|| panic!("{sp_name} entry"))
}

async fn save(desk: &Desk) -> SaveOutcome {
    desk.attributes().save(APP).await.expect("the save runs")
}

#[tokio::test]
async fn requirements_come_from_the_template_named_by_the_application() {
    let sandbox = sandbox().await;
    let client = sandbox.client();
    let application = client
        .get_application(APP)
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
    let root = tempfile::tempdir().expect("temp dir");
    let file = draft_file(root.path());
    let first_name = {
        let desk = desk(root.path(), "editor-on-disk");
        let state = open(&desk).await;
        assert!(
            !state.restored && state.template_found,
            "a fresh draft, with Slack's requirements"
        );
        assert!(!file.exists(), "opening alone writes nothing");
        let first_name = row_of(&state.view.rows, "firstName");
        let view = desk
            .attributes()
            .apply(
                APP,
                &AttributeEdit::SetOn {
                    row: first_name,
                    on: false,
                },
            )
            .await
            .expect("a JIT row can be switched off");
        assert!(
            view.can_undo && view.can_save,
            "an edit can be undone and saved"
        );
        assert!(
            file.exists(),
            "the edit is on disk before it is acknowledged"
        );
        first_name
        // The desk goes away with its sandbox: a crash, as far as the draft can tell.
    };

    let desk = desk(root.path(), "editor-on-disk-again");
    let state = open(&desk).await;
    assert!(state.restored, "the draft survived");
    assert!(
        !state.view.rows.rows[first_name as usize].on,
        "firstName is still off"
    );
    let attributes = desk.attributes();
    assert!(
        matches!(
            attributes
                .apply(APP, &AttributeEdit::DeleteRow { row: first_name })
                .await,
            Err(AppError::Invalid { .. })
        ),
        "the rules still hold after a restart"
    );
    let undone = attributes.undo(APP).await.expect("undo");
    assert!(undone.can_redo && !undone.can_save, "back to the base");
    let redone = attributes.redo(APP).await.expect("redo");
    assert!(redone.can_save);

    let SaveOutcome::Saved {
        view, differences, ..
    } = save(&desk).await
    else {
        panic!("nobody else edited: the save goes through");
    };
    assert!(differences.is_empty(), "stored as sent: {differences:?}");
    assert!(!file.exists(), "a saved draft leaves no file");
    assert!(
        !view.rows.rows[first_name as usize].on && !view.can_undo && !view.can_save,
        "editing starts afresh from the stored copy"
    );
    assert!(
        !stored_rows(&desk).await.rows[first_name as usize].on,
        "JumpCloud holds the edit"
    );

    attributes
        .apply(APP, &AttributeEdit::Toggle { row: first_name })
        .await
        .expect("toggle");
    assert!(file.exists());
    let fresh = attributes.discard(APP).await.expect("discard");
    assert!(!file.exists(), "a discarded draft leaves no file");
    assert!(
        !fresh.restored && !fresh.view.rows.rows[first_name as usize].on,
        "the editor shows the application as stored"
    );
    assert!(
        matches!(
            ConnectionId::new("../elsewhere"),
            Err(StoreError::InvalidName(_))
        ),
        "a connection id cannot leave the profile's folder"
    );
}

/// Opens, edits lastName and adds a row; someone else changes lastName and the label meanwhile;
/// the save conflicts; the admin chooses `choice`. Returns the stored application's rows by name,
/// and the stored application.
async fn conflict_resolved_with(choice: Choice) -> (Vec<(String, Source, bool)>, Value) {
    let root = tempfile::tempdir().expect("temp dir");
    let desk = desk(root.path(), &format!("editor-conflict-{choice:?}"));
    let state = open(&desk).await;
    let last_name = row_of(&state.view.rows, "lastName");
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
        desk.attributes().apply(APP, &edit).await.expect("allowed");
    }

    // Someone else maps lastName to the username and renames the application.
    let theirs = console_edit(&desk, |app| {
        entry_of(app, "lastName")["value"] = Value::from("username");
        app["displayLabel"] = Value::from("Slack (renamed elsewhere)");
    })
    .await;

    let SaveOutcome::Conflict { conflicts } = save(&desk).await else {
        panic!("both changed lastName, the save must conflict");
    };
    assert_eq!(
        conflicts
            .rows
            .iter()
            .map(|r| r.sp_name.as_str())
            .collect::<Vec<_>>(),
        vec!["lastName"],
        "only lastName is in conflict; the new row is not"
    );
    assert_eq!(stored(&desk).await, theirs, "a conflict writes nothing");
    assert!(
        matches!(
            desk.attributes().resolve(APP, &[]).await,
            Err(AppError::Invalid { .. })
        ),
        "every conflicting row needs a choice"
    );
    let rebased = desk
        .attributes()
        .resolve(
            APP,
            &[RowChoice {
                sp_name: "lastName".into(),
                choice,
            }],
        )
        .await
        .expect("resolved");
    assert!(rebased.can_save, "the badge row still waits to be saved");
    assert!(
        matches!(save(&desk).await, SaveOutcome::Saved { .. }),
        "the rebased draft saves"
    );
    let rows = stored_rows(&desk)
        .await
        .rows
        .into_iter()
        .map(|r| (r.sp_name, r.source, r.on))
        .collect();
    (rows, stored(&desk).await)
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

fn side(conflicts: &AttributeConflicts, sp_name: &str) -> (Option<RowSide>, Option<RowSide>) {
    let row = conflicts
        .rows
        .iter()
        .find(|r| r.sp_name == sp_name)
        .unwrap_or_else(|| panic!("{sp_name} is in conflict: {conflicts:?}"));
    (row.mine.clone(), row.theirs.clone())
}

#[tokio::test]
async fn a_console_edit_of_the_same_row_is_a_conflict_with_both_sides_and_nothing_written() {
    let root = tempfile::tempdir().expect("temp dir");
    let desk = desk(root.path(), "editor-both-sides");
    let state = open(&desk).await;
    let last_name = row_of(&state.view.rows, "lastName");
    desk.attributes()
        .apply(
            APP,
            &AttributeEdit::SetSource {
                row: last_name,
                source: Source::Property("displayname".into()),
            },
        )
        .await
        .expect("a JIT row's source is editable");
    let theirs = console_edit(&desk, |app| {
        entry_of(app, "lastName")["value"] = Value::from("middlename");
    })
    .await;

    let SaveOutcome::Conflict { conflicts } = save(&desk).await else {
        panic!("both changed lastName: a conflict");
    };
    let (mine, their_side) = side(&conflicts, "lastName");
    assert_eq!(
        mine.map(|s| s.source),
        Some(Source::Property("displayname".into())),
        "my side is shown"
    );
    assert_eq!(
        their_side.map(|s| s.source),
        Some(Source::Property("middlename".into())),
        "their side is shown"
    );
    assert_eq!(stored(&desk).await, theirs, "nothing was written");
    let view = desk
        .attributes()
        .open(APP)
        .await
        .expect("the editor opens again");
    assert!(
        view.view.can_save && view.restored,
        "the draft is kept for the admin to resolve"
    );
}

#[tokio::test]
async fn a_console_edit_elsewhere_is_kept_by_the_save() {
    let root = tempfile::tempdir().expect("temp dir");
    let desk = desk(root.path(), "editor-merge");
    let state = open(&desk).await;
    let last_name = row_of(&state.view.rows, "lastName");
    desk.attributes()
        .apply(
            APP,
            &AttributeEdit::SetSource {
                row: last_name,
                source: Source::Property("displayname".into()),
            },
        )
        .await
        .expect("a JIT row's source is editable");
    console_edit(&desk, |app| {
        app["displayLabel"] = Value::from("Slack (renamed in the console)");
        entry_of(app, "email")["value"] = Value::from("alternateEmail");
    })
    .await;

    let SaveOutcome::Saved {
        view, differences, ..
    } = save(&desk).await
    else {
        panic!("different fields merge: no conflict");
    };
    assert!(differences.is_empty(), "stored as sent: {differences:?}");
    assert!(!view.can_save, "nothing left to save");
    let after = stored(&desk).await;
    assert_eq!(
        after["displayLabel"], "Slack (renamed in the console)",
        "their label is kept"
    );
    let rows = stored_rows(&desk).await;
    let source_of = |name: &str| rows.rows[row_of(&rows, name) as usize].source.clone();
    assert_eq!(
        source_of("lastName"),
        Source::Property("displayname".into()),
        "my edit is stored"
    );
    assert_eq!(
        source_of("email"),
        Source::Property("alternateEmail".into()),
        "their row edit is kept"
    );
    assert_eq!(
        view.rows, rows,
        "editing starts afresh from the merged copy"
    );
}

#[tokio::test]
async fn a_damaged_draft_is_named_and_can_be_set_aside_with_a_copy_kept() {
    let root = tempfile::tempdir().expect("temp dir");
    let desk = desk(root.path(), "damaged-draft");
    open(&desk).await;
    let file = draft_file(root.path());
    std::fs::create_dir_all(file.parent().expect("a folder")).expect("mkdir");
    std::fs::write(
        &file,
        b"{\"format\": 2, \"savedAtMs\": 1, \"value\": {broken",
    )
    .expect("write");
    drop(desk);

    // A new desk on the same profile, as after a restart.
    let desk = self::desk(root.path(), "damaged-draft");
    match desk.attributes().open(APP).await {
        Err(AppError::Damaged { path, .. }) => {
            assert!(
                path.ends_with(".draft.json"),
                "the damaged file is named: {path}"
            )
        }
        other => panic!("a damaged draft is reported as such, not opened: {other:?}"),
    }
    assert!(
        file.exists(),
        "a read never removes or rewrites the damaged file"
    );

    let state = desk
        .attributes()
        .set_aside_draft(APP)
        .await
        .expect("setting it aside opens the application afresh");
    assert!(!state.restored, "editing starts from JumpCloud's copy");
    let kept: Vec<_> = std::fs::read_dir(file.parent().expect("a folder"))
        .expect("list")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".damaged-"))
        .collect();
    assert_eq!(kept.len(), 1, "a dated copy of the damaged draft is kept");
    assert!(
        std::fs::read(kept[0].path())
            .expect("read")
            .ends_with(b"{broken"),
        "the copy is the damaged file itself"
    );
}
