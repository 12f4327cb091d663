//! A save that meets someone else's edit: row-level conflicts and rebasing a draft onto the
//! server's current copy, using the same three-way merge the save uses.

use serde_json::{json, Value};
use sso_desk_core::attributes::draft::{Draft, RowChoice, RowSide};
use sso_desk_core::attributes::rules::AttributeEdit;
use sso_desk_core::attributes::{jit_requirements, read_rows, Source};
use sso_desk_core::edits::json_diff::{merge3, FieldConflict, PathSegment};
use sso_desk_core::edits::{Choice, RebaseError};

const APP_ID: &str = "5f0c1a2b3c4d5e6f70819203";

fn base() -> Value {
    json!({"_id": APP_ID, "name": "slack", "displayLabel": "Slack", "config": {
        "databaseAttributes": {"value": [
            {"name": "email", "value": "email", "required": true, "readOnly": true},
            {"name": "team", "value": "department"},
            {"name": "title", "value": "jobTitle"}
        ]},
        "constantAttributes": {"value": [{"name": "tenant", "value": "acme"}]}
    }})
}

fn template() -> Value {
    json!({"jit": {"attributes": {"email": "email"}}})
}

/// Someone in the console: email -> username, title -> company, adds region, changes tenant.
fn theirs() -> Value {
    let mut app = base();
    let db = &mut app["config"]["databaseAttributes"]["value"];
    db[0]["value"] = json!("username");
    db[2]["value"] = json!("company");
    db.as_array_mut()
        .expect("list")
        .push(json!({"name": "region", "value": "location", "consoleKey": "kept"}));
    app["config"]["constantAttributes"]["value"][0]["value"] = json!("acme2");
    app["displayLabel"] = json!("Slack (prod)");
    app
}

/// The admin: email -> alternateEmail, team off, title deleted, tier added.
fn my_draft() -> Draft {
    let mut draft = Draft::new(base(), Some(jit_requirements(&template())));
    for edit in [
        AttributeEdit::SetSource {
            row: 0,
            source: Source::Property("alternateEmail".into()),
        },
        AttributeEdit::SetOn { row: 1, on: false },
        AttributeEdit::DeleteRow { row: 2 },
        AttributeEdit::AddRow {
            sp_name: "tier".into(),
            source: Source::Constant("gold".into()),
        },
    ] {
        draft.apply(&edit).expect("allowed edit");
    }
    draft
}

fn side(source: Source, on: bool) -> Option<RowSide> {
    Some(RowSide { source, on })
}

#[test]
fn list_level_conflicts_become_row_conflicts() {
    let draft = my_draft();
    let conflicts = merge3(&draft.base, &draft.edited_application(), &theirs())
        .expect_err("both sides changed the attribute lists");
    let found = draft.conflicts(&theirs(), &conflicts);
    assert!(
        found.other.is_empty(),
        "every conflict is inside the attribute lists: {:?}",
        found.other
    );
    let names: Vec<&str> = found.rows.iter().map(|c| c.sp_name.as_str()).collect();
    assert_eq!(
        names,
        vec!["email", "title"],
        "only rows both sides changed differently conflict"
    );
    assert_eq!(
        found.rows[0].mine,
        side(Source::Property("alternateEmail".into()), true)
    );
    assert_eq!(
        found.rows[0].theirs,
        side(Source::Property("username".into()), true)
    );
    assert_eq!(
        found.rows[0].base,
        side(Source::Property("email".into()), true)
    );
    assert_eq!(found.rows[1].mine, None, "I deleted title");
    assert_eq!(
        found.rows[1].theirs,
        side(Source::Property("company".into()), true)
    );
}

#[test]
fn rebasing_keeps_both_sides_work_and_the_choices() {
    let draft = my_draft();
    let choices = [
        RowChoice {
            sp_name: "email".into(),
            choice: Choice::KeepMine,
        },
        RowChoice {
            sp_name: "title".into(),
            choice: Choice::TakeTheirs,
        },
    ];
    let rebased = draft
        .rebase(theirs(), &choices)
        .expect("every conflict has a choice");
    assert_eq!(
        rebased.base,
        theirs(),
        "the new draft is based on the current copy"
    );
    let rows: Vec<(&str, &Source, bool)> = rebased
        .rows
        .rows
        .iter()
        .map(|r| (r.sp_name.as_str(), &r.source, r.on))
        .collect();
    assert_eq!(
        rows,
        vec![
            ("email", &Source::Property("alternateEmail".into()), true),
            ("team", &Source::Property("department".into()), false),
            ("title", &Source::Property("company".into()), true),
            ("region", &Source::Property("location".into()), true),
            ("tenant", &Source::Constant("acme2".into()), true),
            ("tier", &Source::Constant("gold".into()), true),
        ],
        "mine where chosen or uncontested, theirs where chosen or untouched by me"
    );
    assert!(
        rebased.rows.rows[0].jit_required,
        "email stays JIT-required"
    );

    let edited = rebased.edited_application();
    assert_eq!(
        edited["displayLabel"],
        json!("Slack (prod)"),
        "their other changes are kept"
    );
    assert_eq!(
        edited["config"]["databaseAttributes"]["value"][3]["consoleKey"],
        json!("kept"),
        "their entries keep unknown keys"
    );
    let saved = merge3(&rebased.base, &edited, &theirs())
        .expect("saving the rebased draft onto the same copy merges cleanly");
    assert_eq!(saved, edited);
    let reread = read_rows(&saved, &jit_requirements(&template()));
    assert_eq!(reread.rows.len(), 6, "nothing was lost or duplicated");
}

#[test]
fn every_conflict_needs_a_choice() {
    let draft = my_draft();
    let only_email = [RowChoice {
        sp_name: "email".into(),
        choice: Choice::TakeTheirs,
    }];
    assert_eq!(
        draft.rebase(theirs(), &only_email),
        Err(RebaseError::Unresolved {
            label: "User attribute title".into()
        }),
        "title conflicts and has no choice"
    );
    let mut other_app = theirs();
    other_app["_id"] = json!("aaaaaaaaaaaaaaaaaaaaaaaa");
    assert!(matches!(
        draft.rebase(other_app, &[]),
        Err(RebaseError::WrongApplication { .. })
    ));
}

#[test]
fn conflicts_outside_the_lists_are_passed_through() {
    let draft = my_draft();
    let label = FieldConflict {
        path: vec![PathSegment::Key("displayLabel".into())],
        base: Some(json!("Slack")),
        mine: Some(json!("A")),
        theirs: Some(json!("B")),
    };
    let found = draft.conflicts(&theirs(), std::slice::from_ref(&label));
    assert!(
        found.rows.is_empty(),
        "no attribute-list conflict, so no rows to decide"
    );
    assert_eq!(found.other.len(), 1, "{:?}", found.other);
    let other = &found.other[0];
    assert_eq!(
        (&other.path, &other.base, &other.mine, &other.theirs),
        (&label.path, &label.base, &label.mine, &label.theirs),
        "passed through as it is"
    );
    assert_eq!(other.label, "Display label", "with its label");

    let whole_config = FieldConflict {
        path: vec![PathSegment::Key("config".into())],
        base: None,
        mine: None,
        theirs: None,
    };
    assert_eq!(
        draft.conflicts(&theirs(), &[whole_config]).rows.len(),
        2,
        "a conflict on all of config covers the lists"
    );
}

#[test]
fn rebase_fills_a_requirement_the_server_copy_lacks() {
    // The admin added lastName (missing); meanwhile someone removed email's entry entirely.
    let reqs = jit_requirements(
        &json!({"jit": {"attributes": {"email": "email", "lastName": "lastname"}}}),
    );
    let mut draft = Draft::new(base(), Some(reqs));
    draft
        .apply(&AttributeEdit::AddMissing {
            sp_name: "lastName".into(),
        })
        .expect("missing");
    let mut current = base();
    current["config"]["databaseAttributes"]["value"]
        .as_array_mut()
        .expect("list")
        .remove(0);
    let rebased = draft.rebase(current, &[]).expect("no conflicts");
    assert_eq!(
        rebased
            .rows
            .missing
            .iter()
            .map(|m| m.sp_name.as_str())
            .collect::<Vec<_>>(),
        vec!["email"],
        "their removal shows as drift"
    );
    let last = rebased
        .rows
        .rows
        .iter()
        .find(|r| r.sp_name == "lastName")
        .expect("mine replayed");
    assert!(last.jit_required, "a replayed requirement stays locked");
}
