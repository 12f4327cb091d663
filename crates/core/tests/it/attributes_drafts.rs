//! Drafts of attribute edits: undo/redo and persistence across a restart, on a real folder (the
//! `drafts` folder of a connection's folder in the profile).

use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use sso_desk_core::attributes::draft::{AttributeDrafts as DraftStore, Draft, DRAFT_FORMAT};
use sso_desk_core::attributes::rules::AttributeEdit;
use sso_desk_core::attributes::{jit_requirements, Source};
use sso_desk_core::profile::{ConnectionDir, ConnectionId, StoreError};

const APP_ID: &str = "5f0c1a2b3c4d5e6f70819203";

/// The drafts of the sandbox connection kept under `root`.
fn store_in(root: &Path) -> DraftStore {
    let id = ConnectionId::new("sandbox").expect("a plain id");
    DraftStore::new(&ConnectionDir::new(root, &id)).expect("store")
}

/// The folder the drafts of `store` are written to (created, as by a first save).
fn drafts_folder(store: &DraftStore) -> PathBuf {
    let folder = store
        .path_of(APP_ID)
        .expect("valid id")
        .parent()
        .expect("a folder")
        .to_owned();
    std::fs::create_dir_all(&folder).expect("the drafts folder");
    folder
}

fn application() -> Value {
    json!({
        "_id": APP_ID, "name": "slack", "displayLabel": "Slack", "sso": {"idpCertificate": "CERT"},
        "config": {
            "databaseAttributes": {"type": "list", "value": [
                {"name": "email", "value": "email", "required": true, "readOnly": true, "futureKey": 1},
                {"name": "team", "value": "department"}
            ]},
            "constantAttributes": {"type": "list", "value": [{"name": "tenant", "value": "acme"}]}
        }
    })
}

fn template() -> Value {
    json!({"name": "slack", "jit": {"attributes": {"email": "email", "lastName": "lastname"}}})
}

fn edited_draft() -> Draft {
    let mut draft = Draft::new(application(), Some(jit_requirements(&template())));
    draft
        .apply(&AttributeEdit::SetSource {
            row: 0,
            source: Source::Property("alternateEmail".into()),
        })
        .expect("JIT source is editable");
    draft
        .apply(&AttributeEdit::AddMissing {
            sp_name: "lastName".into(),
        })
        .expect("lastName is missing");
    // lastName joined the database rows (rows stay in assertion order), so the constant is row 3.
    draft
        .apply(&AttributeEdit::Toggle { row: 3 })
        .expect("constants can be switched off");
    draft
        .apply(&AttributeEdit::DeleteRow { row: 1 })
        .expect("free rows can be deleted");
    assert!(draft.undo(), "the delete can be undone");
    draft
}

#[test]
fn a_draft_survives_a_restart_with_its_undo_history() {
    let dir = tempfile::tempdir().expect("temp dir");
    let draft = edited_draft();
    let store = store_in(dir.path());
    store.save(&draft).expect("save");
    let on_disk: Value = serde_json::from_slice(
        &std::fs::read(store.path_of(APP_ID).expect("valid id")).expect("the draft file"),
    )
    .expect("JSON");
    assert_eq!(on_disk["format"], json!(DRAFT_FORMAT), "a versioned file");
    assert!(on_disk["savedAtMs"].is_u64(), "with the time it was saved");
    assert_eq!(
        on_disk["value"]["applicationId"],
        json!(APP_ID),
        "the draft is the envelope's value"
    );

    // A new store on the same folder stands for the app after a restart.
    let reopened = store_in(dir.path());
    assert_eq!(reopened.list().expect("list"), vec![APP_ID.to_owned()]);
    let mut loaded = reopened
        .load(APP_ID)
        .expect("load")
        .expect("the draft is there");
    assert_eq!(
        loaded, draft,
        "everything, undo and redo included, comes back"
    );
    assert_eq!(loaded.edited_application(), draft.edited_application());
    assert!(
        loaded.redo(),
        "the undone delete can still be redone after the restart"
    );
    assert!(loaded.rows.rows.iter().all(|r| r.sp_name != "team"));

    let leftovers: Vec<String> = std::fs::read_dir(drafts_folder(&store))
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        leftovers,
        vec![format!("{APP_ID}.draft.json")],
        "no temporary files are left behind"
    );
}

#[test]
fn the_edited_application_changes_only_the_attribute_lists() {
    let draft = edited_draft();
    let edited = draft.edited_application();
    let base = application();
    for key in ["_id", "name", "displayLabel", "sso"] {
        assert_eq!(edited[key], base[key], "{key} is sent back as it came");
    }
    let db = &edited["config"]["databaseAttributes"]["value"];
    assert_eq!(
        db[0],
        json!({"name": "email", "value": "alternateEmail", "required": true, "readOnly": true, "futureKey": 1, "visible": true})
    );
    assert_eq!(
        db[1], base["config"]["databaseAttributes"]["value"][1],
        "an untouched row is sent verbatim"
    );
    assert_eq!(db[2]["name"], json!("lastName"));
    assert_eq!(
        edited["config"]["constantAttributes"]["value"][0]["visible"],
        json!(false)
    );
}

#[test]
fn saving_again_replaces_and_discard_removes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = store_in(dir.path());
    let mut draft = edited_draft();
    store.save(&draft).expect("first save");
    draft
        .apply(&AttributeEdit::SetSpName {
            row: 1,
            sp_name: "dept".into(),
        })
        .expect("free row");
    store.save(&draft).expect("second save");
    assert_eq!(
        store.load(APP_ID).expect("load"),
        Some(draft.clone()),
        "the last save wins"
    );
    store.discard(APP_ID).expect("discard");
    assert_eq!(
        store.load(APP_ID).expect("load"),
        None,
        "a discarded draft is gone"
    );
    assert!(store.list().expect("list").is_empty());
    store.discard(APP_ID).expect("discarding twice is fine");
}

#[test]
fn a_damaged_draft_is_reported_by_name_and_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = store_in(dir.path());
    drafts_folder(&store);
    let path = store.path_of(APP_ID).expect("valid id");
    std::fs::write(
        &path,
        b"{\"format\": 2, \"savedAtMs\": 1, \"value\": {\"applicationId\": tru",
    )
    .expect("write junk");
    match store.load(APP_ID) {
        Err(StoreError::Damaged { path: reported, .. }) => {
            assert_eq!(reported, path, "the error names the file")
        }
        other => panic!("a damaged file must be a Damaged error, got {other:?}"),
    }
    let message = store.load(APP_ID).expect_err("still damaged").to_string();
    assert!(
        message.contains(&path.display().to_string()),
        "the message names the file: {message}"
    );
    assert!(path.exists(), "a damaged draft is never deleted silently");
    assert_eq!(
        store.list().expect("list"),
        vec![APP_ID.to_owned()],
        "and it is still listed"
    );

    std::fs::write(&path, br#"{"format": 99, "savedAtMs": 1, "value": {}}"#).expect("write newer");
    assert!(
        matches!(
            store.load(APP_ID),
            Err(StoreError::OtherFormat {
                found: Some(99),
                expected: DRAFT_FORMAT,
                ..
            })
        ),
        "a newer format is not mistaken for damage"
    );

    let other = store.path_of("aaaaaaaaaaaaaaaaaaaaaaaa").expect("valid id");
    let mut moved = edited_draft();
    moved.application_id = APP_ID.into();
    std::fs::write(
        &other,
        serde_json::to_vec(&json!({"format": DRAFT_FORMAT, "savedAtMs": 1, "value": moved}))
            .expect("json"),
    )
    .expect("write");
    assert!(
        matches!(
            store.load("aaaaaaaaaaaaaaaaaaaaaaaa"),
            Err(StoreError::Damaged { .. })
        ),
        "a file holding another application's draft is damaged"
    );
}

#[test]
fn ids_that_could_escape_the_folder_are_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = store_in(&dir.path().join("nested"));
    for id in ["", "../x", "a/b", ".hidden", "a b"] {
        assert!(
            matches!(store.load(id), Err(StoreError::InvalidName(_))),
            "{id:?} must be refused"
        );
    }
    let mut draft = edited_draft();
    draft.application_id = "../../etc".into();
    assert!(matches!(
        store.save(&draft),
        Err(StoreError::InvalidName(_))
    ));
}

#[test]
fn concurrent_saves_leave_one_whole_draft() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = store_in(dir.path());
    let drafts: Vec<Draft> = (0..8)
        .map(|i| {
            let mut d = edited_draft();
            d.apply(&AttributeEdit::AddRow {
                sp_name: format!("extra{i}"),
                source: Source::Constant(i.to_string()),
            })
            .expect("free row");
            d
        })
        .collect();
    std::thread::scope(|scope| {
        for d in &drafts {
            let store = store.clone();
            scope.spawn(move || {
                for _ in 0..10 {
                    store.save(d).expect("save");
                }
            });
        }
    });
    let loaded = store
        .load(APP_ID)
        .expect("never half-written")
        .expect("present");
    assert!(
        drafts.contains(&loaded),
        "the file holds exactly one of the saved drafts"
    );
    let files = std::fs::read_dir(drafts_folder(&store))
        .expect("read dir")
        .count();
    assert_eq!(files, 1, "no temporary files are left behind");
}
