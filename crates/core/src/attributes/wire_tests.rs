//! The encoding held against application fixtures shaped after the public wire traces
//! (tests/fixtures, see docs/attribute-encoding.md), and a property test over arbitrary lists.

use proptest::prelude::*;
use serde_json::{json, Map, Value};

use super::encoding::{
    read_rows, write_rows, write_rows_for_save, AttributeRows, GroupAttribute, JitRequirement,
    Source,
};
use super::rules::{self, AttributeEdit, EditError, IssueCode, Severity};
use crate::attributes::draft::Draft;

const FIXTURES: [(&str, &str); 5] = [
    (
        "aws_role",
        include_str!("../../tests/fixtures/aws_role.json"),
    ),
    (
        "slack_jit",
        include_str!("../../tests/fixtures/slack_jit.json"),
    ),
    (
        "custom_saml",
        include_str!("../../tests/fixtures/custom_saml.json"),
    ),
    (
        "legacy_prefix",
        include_str!("../../tests/fixtures/legacy_prefix.json"),
    ),
    (
        "include_groups",
        include_str!("../../tests/fixtures/include_groups.json"),
    ),
];

fn fixture(name: &str) -> Value {
    let (_, text) = FIXTURES
        .iter()
        .find(|(n, _)| *n == name)
        .expect("a fixture of that name");
    serde_json::from_str(text).expect("fixture is JSON")
}

fn slack_requirements() -> Vec<JitRequirement> {
    ["email", "User.Username"]
        .into_iter()
        .map(|sp| JitRequirement {
            sp_name: sp.to_owned(),
            default_property: sp.to_lowercase(),
        })
        .collect()
}

fn requirements(name: &str) -> Vec<JitRequirement> {
    if name == "slack_jit" {
        slack_requirements()
    } else {
        Vec::new()
    }
}

/// `value` without what `pointer` points at (the last segment is removed from its parent).
fn without(value: &Value, pointer: &str) -> Value {
    let mut out = value.clone();
    let (parent, last) = pointer.rsplit_once('/').expect("a pointer");
    match out.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.remove(last);
        }
        Some(Value::Array(list)) => {
            list.remove(last.parse::<usize>().expect("index"));
        }
        _ => {}
    }
    out
}

#[test]
fn every_fixture_reads_editable_and_writes_back_unchanged() {
    for (name, _) in FIXTURES {
        let app = fixture(name);
        let rows = read_rows(&app, &requirements(name));
        assert_eq!(rows.read_only, None, "{name} is understood");
        assert!(rows.unread.is_empty(), "{name}");
        assert_eq!(write_rows(&app, &rows), app, "{name}: decode then encode");
        if name != "legacy_prefix" {
            assert_eq!(
                write_rows_for_save(&app, &rows),
                app,
                "{name}: an untouched save changes nothing"
            );
        }
    }
}

#[test]
fn editing_one_row_changes_only_that_field() {
    for (name, _) in FIXTURES {
        let app = fixture(name);
        let rows = read_rows(&app, &requirements(name));
        let edited = rules::apply(&rows, &AttributeEdit::SetOn { row: 0, on: false })
            .expect("the first row can be switched off");
        let written = write_rows_for_save(&app, &edited);
        let pointer = "/config/databaseAttributes/value/0/visible";
        assert_eq!(written.pointer(pointer), Some(&json!(false)), "{name}");
        let mut expected = without(&app, pointer);
        if name == "legacy_prefix" {
            // The save also writes the bare names of the prefixed entries.
            for (i, bare) in [(1, "costCode"), (2, "region")] {
                expected["config"]["databaseAttributes"]["value"][i]["value"] = json!(bare);
            }
        }
        assert_eq!(
            without(&written, pointer),
            expected,
            "{name}: every other field is as it was"
        );
    }
}

#[test]
fn custom_attributes_are_bare_and_the_property_wins() {
    let aws = read_rows(&fixture("aws_role"), &[]);
    assert_eq!(
        aws.rows[0].source,
        Source::Custom("SandboxDevelopers".into()),
        "a bare name that is no property is a custom attribute (jcapi-python #48)"
    );
    assert_eq!(aws.rows[1].source, Source::Property("email".into()));
    let spec_field = json!({"config": {"databaseAttributes": {"value": [
        {"name": "d", "value": "description"}
    ]}}});
    assert_eq!(
        read_rows(&spec_field, &[]).rows[0].source,
        Source::Property("description".into()),
        "any field of the v1 systemuser object is a built-in property, picker or not"
    );

    let mut rows = aws.clone();
    rows = rules::apply(
        &rows,
        &AttributeEdit::SetSource {
            row: 0,
            source: Source::Custom("AwsRole".into()),
        },
    )
    .expect("editable");
    let written = write_rows(&fixture("aws_role"), &rows);
    assert_eq!(
        written.pointer("/config/databaseAttributes/value/0/value"),
        Some(&json!("AwsRole")),
        "a custom attribute is written bare"
    );

    let shadowed = rules::apply(
        &aws,
        &AttributeEdit::SetSource {
            row: 0,
            source: Source::Custom("department".into()),
        },
    )
    .expect("editable");
    let issues = rules::validate(&shadowed, false);
    let issue = issues
        .iter()
        .find(|i| i.code == IssueCode::ShadowedByProperty)
        .expect("the editor says the property wins");
    assert_eq!((issue.row, issue.severity), (0, Severity::Warning));
}

#[test]
fn legacy_prefixes_are_rewritten_only_by_a_save() {
    let app = fixture("legacy_prefix");
    let draft = Draft::new(app.clone(), None);
    assert_eq!(draft.base, app, "reading never rewrites");
    assert_eq!(
        draft.rows.rows[1].source,
        Source::Custom("costCode".into()),
        "the prefixed entry reads as the custom attribute"
    );
    assert_eq!(
        write_rows(&app, &draft.rows),
        app,
        "encoding untouched rows keeps the prefix"
    );
    let saved = draft.edited_application();
    assert_eq!(
        saved.pointer("/config/databaseAttributes/value/1/value"),
        Some(&json!("costCode"))
    );
    assert_eq!(
        saved.pointer("/config/databaseAttributes/value/2"),
        Some(&json!({"name": "region", "value": "region", "visible": false})),
        "every other key of the entry is kept"
    );
    let review = crate::edits::review(&draft).changes;
    assert_eq!(
        review.len(),
        2,
        "the review shows both rewrites: {review:?}"
    );
    assert!(
        !draft.has_changes() && !draft.view().can_save,
        "an application is not saved for the rewrite alone"
    );
    let mut edited = draft.clone();
    edited
        .apply(&AttributeEdit::SetOn { row: 0, on: false })
        .expect("editable");
    assert_eq!(
        crate::edits::review(&edited).changes.len(),
        3,
        "the edit and both rewrites"
    );
    assert!(edited.view().can_save);
}

#[test]
fn jit_rows_get_no_flags_of_their_own() {
    let app = json!({"_id": "a", "name": "slack", "config": {"databaseAttributes": {"value": [
        {"name": "email", "value": "email"}
    ]}}});
    let reqs = vec![JitRequirement {
        sp_name: "email".into(),
        default_property: "email".into(),
    }];
    let rows = read_rows(&app, &reqs);
    let edited = rules::apply(
        &rows,
        &AttributeEdit::SetSource {
            row: 0,
            source: Source::Property("alternateEmail".into()),
        },
    )
    .expect("editable");
    let written = write_rows(&app, &edited);
    assert_eq!(
        written.pointer("/config/databaseAttributes/value/0"),
        Some(&json!({"name": "email", "value": "alternateEmail", "visible": true})),
        "no required/readOnly is written for a JIT row"
    );
    let slack = fixture("slack_jit");
    let rows = read_rows(&slack, &slack_requirements());
    let edited =
        rules::apply(&rows, &AttributeEdit::SetOn { row: 0, on: false }).expect("editable");
    let written = write_rows(&slack, &edited);
    assert_eq!(
        written.pointer("/config/databaseAttributes/value/0/required"),
        Some(&json!(true)),
        "flags already there are kept"
    );
}

#[test]
fn a_new_list_looks_like_the_real_container() {
    let app = json!({"_id": "a", "name": "x", "config": {}});
    let rows = rules::add_row(
        &read_rows(&app, &[]),
        "role",
        Source::Custom("SandboxDevelopers".into()),
    )
    .expect("free");
    let written = write_rows(&app, &rows);
    let container = &written["config"]["databaseAttributes"];
    assert_eq!(container["label"], json!("USER ATTRIBUTES MAPPING:"));
    assert_eq!(container["readOnly"], json!(false));
    assert_eq!(container["toggle"], Value::Null);
    assert!(container["tooltip"].is_object());
    assert_eq!(container["type"], json!("constantAttributes"));
    assert_eq!(
        container["value"],
        json!([{"name": "role", "value": "SandboxDevelopers", "visible": true}])
    );
}

#[test]
fn the_group_attribute_is_read_edited_and_written() {
    let app = fixture("include_groups");
    let rows = read_rows(&app, &[]);
    assert_eq!(
        rows.groups,
        Some(GroupAttribute {
            on: true,
            name: "memberOf".into()
        })
    );
    let renamed = rules::apply(
        &rows,
        &AttributeEdit::SetGroupAttribute {
            on: true,
            name: "groups".into(),
        },
    )
    .expect("editable");
    let written = write_rows_for_save(&app, &renamed);
    let pointer = "/config/groupsAttributeName/value";
    assert_eq!(written.pointer(pointer), Some(&json!("groups")));
    assert_eq!(without(&written, pointer), without(&app, pointer));

    let unnamed = rules::apply(
        &rows,
        &AttributeEdit::SetGroupAttribute {
            on: true,
            name: " ".into(),
        },
    )
    .expect("stored as typed");
    let issues = rules::validate(&unnamed, true);
    assert!(
        issues
            .iter()
            .any(|i| i.code == IssueCode::EmptyGroupAttributeName && i.severity == Severity::Error),
        "{issues:?}"
    );

    let aws = fixture("aws_role");
    let on = rules::apply(
        &read_rows(&aws, &[]),
        &AttributeEdit::SetGroupAttribute {
            on: true,
            name: "groups".into(),
        },
    )
    .expect("editable");
    let written = write_rows(&aws, &on);
    assert_eq!(written["config"]["includeGroups"], json!({"value": true}));
    assert_eq!(
        written["config"]["groupsAttributeName"],
        json!({"value": "groups"})
    );
}

#[test]
fn what_is_not_understood_makes_the_editor_read_only() {
    let cases = [
        json!({"_id": "a", "config": {"databaseAttributes": {"value": [
            {"name": "email", "value": "email"}, 42
        ]}}}),
        json!({"_id": "a", "config": {"constantAttributes": {"type": "matrix", "value": []}}}),
        json!({"_id": "a", "config": {"databaseAttributes": {"value": {"name": "x"}}}}),
        json!({"_id": "a", "config": {"includeGroups": {"value": "yes"}}}),
    ];
    for app in cases {
        let rows = read_rows(&app, &[]);
        let reason = rows.read_only.clone().expect("read-only");
        assert_eq!(
            rules::apply(&rows, &AttributeEdit::Toggle { row: 0 }),
            Err(EditError::ReadOnly {
                reason: reason.clone()
            })
        );
        let mut draft = Draft::new(app.clone(), Some(Vec::new()));
        assert_eq!(
            draft.apply(&AttributeEdit::SetGroupAttribute {
                on: true,
                name: "g".into()
            }),
            Err(EditError::ReadOnly {
                reason: reason.clone()
            })
        );
        let view = draft.view();
        assert_eq!(view.read_only, Some(reason));
        assert!(!view.can_save);
    }
    // A draft kept on disk from before read-only was known is refused too (judged by its base).
    let app = json!({"_id": "a", "config": {"databaseAttributes": {"value": [null]}}});
    let mut draft = Draft::new(app, None);
    draft.rows.read_only = None;
    assert!(matches!(
        draft.apply(&AttributeEdit::Toggle { row: 0 }),
        Err(EditError::ReadOnly { .. })
    ));
}

/// A JSON value the spec allows in an unknown key (small, nested at most twice).
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(2, 8, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            prop::collection::btree_map("[a-z]{1,6}", inner, 0..3)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// An entry: mostly the spec's shape with unknown keys, sometimes anything at all.
fn any_entry() -> impl Strategy<Value = Value> {
    let spec = (
        ".{0,10}",
        prop_oneof![
            ".{0,10}",
            "attributes\\.[a-zA-Z0-9]{0,8}",
            Just("email".to_owned()),
            Just("SandboxDevelopers".to_owned()),
        ],
        prop::option::of(any::<bool>()),
        prop::option::of(any::<bool>()),
        prop::option::of(any::<bool>()),
        prop::collection::btree_map("x[a-z]{0,5}", any_json(), 0..3),
    )
        .prop_map(|(name, value, required, read_only, visible, extra)| {
            let mut entry: Map<String, Value> = extra.into_iter().collect();
            entry.insert("name".into(), Value::String(name));
            entry.insert("value".into(), Value::String(value));
            for (key, flag) in [
                ("required", required),
                ("readOnly", read_only),
                ("visible", visible),
            ] {
                if let Some(flag) = flag {
                    entry.insert(key.into(), Value::Bool(flag));
                }
            }
            Value::Object(entry)
        });
    prop_oneof![8 => spec, 1 => any_json()]
}

fn any_application() -> impl Strategy<Value = Value> {
    (
        prop::option::of(prop::collection::vec(any_entry(), 0..6)),
        prop::option::of(prop::collection::vec(any_entry(), 0..4)),
        prop::option::of(prop_oneof![
            Just("constantAttributes".to_owned()),
            Just("list".to_owned()),
            "[a-z]{1,8}",
        ]),
        prop::option::of((any::<bool>(), ".{0,8}")),
    )
        .prop_map(|(db, constants, list_type, groups)| {
            let mut config = Map::new();
            config.insert("idpPrivateKey".into(), json!({"value": "k"}));
            if let Some(db) = db {
                let mut container =
                    json!({"label": "USER ATTRIBUTES MAPPING:", "toggle": null, "value": db});
                if let Some(t) = &list_type {
                    container["type"] = json!(t);
                }
                config.insert("databaseAttributes".into(), container);
            }
            if let Some(constants) = constants {
                config.insert(
                    "constantAttributes".into(),
                    json!({"type": "constantAttributes", "value": constants, "x": 1}),
                );
            }
            if let Some((on, name)) = groups {
                config.insert("includeGroups".into(), json!({"value": on, "label": "g"}));
                config.insert("groupsAttributeName".into(), json!({"value": name}));
            }
            json!({"_id": "a", "name": "custom-saml-app", "config": config, "extra": [1, 2]})
        })
}

proptest! {
    // ProptestConfig::default() takes its case count from PROPTEST_CASES when it is set.
    #![proptest_config(ProptestConfig::default())]

    #[test]
    fn decoding_never_panics_and_untouched_encoding_is_identical(app in any_application()) {
        let requirements = [JitRequirement { sp_name: "email".into(), default_property: "email".into() }];
        for rows in [read_rows(&app, &requirements), crate::attributes::read_rows_without_template(&app)] {
            prop_assert_eq!(&write_rows(&app, &rows), &app);
            if rows.read_only.is_none() {
                prop_assert!(rows.unread.is_empty());
                check_one_edit_keeps_unknown_keys(&app, &rows)?;
            }
        }
    }
}

/// Switching the first row off keeps every key of its entry but `visible`.
fn check_one_edit_keeps_unknown_keys(
    app: &Value,
    rows: &AttributeRows,
) -> Result<(), TestCaseError> {
    let Some(first) = rows.rows.first() else {
        return Ok(());
    };
    let origin = first.origin.expect("read rows have an origin");
    let edited = rules::apply(
        rows,
        &AttributeEdit::SetOn {
            row: 0,
            on: !first.on,
        },
    )
    .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let written = write_rows(app, &edited);
    let pointer = format!("/config/{}/value/{}", origin.list.key(), origin.index);
    let before = app.pointer(&pointer).and_then(Value::as_object);
    let after = written.pointer(&pointer).and_then(Value::as_object);
    let (Some(before), Some(after)) = (before, after) else {
        return Err(TestCaseError::fail("the entry is still an object"));
    };
    for (key, value) in before {
        if key != "visible" && key != "value" {
            prop_assert_eq!(after.get(key), Some(value), "key {} kept", key);
        }
    }
    Ok(())
}
