//! The rules of the attribute editor: validation codes per row and field, and the catalogue
//! held against JumpCloud's published spec.

use serde_json::{json, Value};
use sso_desk_core::attributes::rules::{
    add_missing, apply, delete_row, has_errors, set_sp_name, validate, validate_change,
    AttributeEdit, IssueCode, RowField, Severity, USER_PROPERTIES,
};
use sso_desk_core::attributes::{jit_requirements, read_rows, AttributeRows, Source};

fn app(db: Value, constants: Value) -> Value {
    json!({"name": "slack", "config": {"databaseAttributes": {"value": db}, "constantAttributes": {"value": constants}}})
}

fn codes(rows: &AttributeRows, custom: bool) -> Vec<(u32, RowField, IssueCode)> {
    validate(rows, custom)
        .into_iter()
        .map(|i| (i.row, i.field, i.code))
        .collect()
}

#[test]
fn clean_rows_have_no_issues() {
    let rows = read_rows(
        &app(
            json!([{"name": "email", "value": "email"}, {"name": "badge", "value": "attributes.badgeNumber"}]),
            json!([{"name": "tenant", "value": "acme"}]),
        ),
        &[],
    );
    assert!(
        validate(&rows, false).is_empty(),
        "valid rows must not be flagged: {:?}",
        validate(&rows, false)
    );
}

#[test]
fn each_problem_is_reported_at_its_row_and_field() {
    let rows = read_rows(
        &app(
            json!([
                {"name": "", "value": "email"},
                {"name": " mail", "value": "email"},
                {"name": "uid", "value": "username"},
                {"name": "uid", "value": "email"},
                {"name": "UID", "value": "email"},
                {"name": "p1", "value": ""},
                {"name": "p2", "value": "shoeSize"},
                {"name": "c1", "value": "attributes.badge-number"},
                {"name": "c2", "value": "attributes."},
                {"name": "c3", "value": format!("attributes.{}", "a".repeat(32))}
            ]),
            json!([{"name": "k1", "value": ""}, {"name": "k2", "value": " padded"}]),
        ),
        &[],
    );
    // A bare name that is no built-in property is a custom attribute, and a well-formed one.
    assert_eq!(rows.rows[6].source, Source::Custom("shoeSize".into()));
    assert!(
        !codes(&rows, false).iter().any(|(row, _, _)| *row == 6),
        "a bare unknown name reads as a custom attribute, not an unknown property"
    );
    // A property SSO Desk does not know can still be chosen in the editor.
    let rows = apply(
        &rows,
        &AttributeEdit::SetSource {
            row: 6,
            source: Source::Property("shoeSize".into()),
        },
    )
    .expect("any property may be chosen");
    assert_eq!(
        codes(&rows, false),
        vec![
            (0, RowField::SpName, IssueCode::EmptySpName),
            (1, RowField::SpName, IssueCode::SurroundingSpaces),
            (3, RowField::SpName, IssueCode::RepeatedSpName),
            (4, RowField::SpName, IssueCode::RepeatedSpNameCase),
            (5, RowField::Source, IssueCode::EmptyProperty),
            (6, RowField::Source, IssueCode::UnknownProperty),
            (7, RowField::Source, IssueCode::InvalidCustomName),
            (8, RowField::Source, IssueCode::InvalidCustomName),
            (9, RowField::Source, IssueCode::InvalidCustomName),
            (10, RowField::Source, IssueCode::EmptyConstant),
            (11, RowField::Source, IssueCode::ConstantSurroundingSpaces),
        ],
        "every problem is placed at its row and field, in row order"
    );
    let issues = validate(&rows, false);
    let severity = |code| issues.iter().find(|i| i.code == code).map(|i| i.severity);
    assert_eq!(
        severity(IssueCode::RepeatedSpNameCase),
        Some(Severity::Warning),
        "names differing only in case are allowed by SAML"
    );
    assert_eq!(severity(IssueCode::RepeatedSpName), Some(Severity::Error));
    assert!(
        issues.iter().all(|i| !i.message.is_empty()),
        "every issue has a sentence for the UI"
    );
    assert!(
        issues[2].message.contains("Row 3"),
        "a duplicate names the row it repeats: {}",
        issues[2].message
    );
    assert!(has_errors(&issues));
    assert_eq!(
        rows.rows[1].sp_name, " mail",
        "validation does not alter what was typed"
    );
}

#[test]
fn codes_serialise_as_snake_case_strings() {
    assert_eq!(
        serde_json::to_value(IssueCode::RepeatedSpNameCase).expect("serialise"),
        json!("repeated_sp_name_case")
    );
    assert_eq!(
        serde_json::to_value(IssueCode::JitRenamed).expect("serialise"),
        json!("jit_renamed")
    );
}

#[test]
fn jit_rename_and_delete_are_caught_even_outside_the_edit_operations() {
    let template = json!({"jit": {"attributes": {"email": "email", "firstName": "firstname"}}});
    let before = read_rows(
        &app(
            json!([{"name": "email", "value": "email"}, {"name": "firstName", "value": "firstname"}, {"name": "x", "value": "department"}]),
            json!([]),
        ),
        &jit_requirements(&template),
    );
    assert!(
        set_sp_name(&before, 0, "mail").is_err(),
        "the edit operation refuses the rename"
    );
    assert!(
        delete_row(&before, 1).is_err(),
        "the edit operation refuses the delete"
    );

    // Rows that arrive already changed (say, built by hand) are still judged.
    let mut after = before.clone();
    after.rows[0].sp_name = "mail".into();
    after.rows.remove(1);
    let found: Vec<(u32, RowField, IssueCode)> = validate_change(&before, &after, false)
        .into_iter()
        .map(|i| (i.row, i.field, i.code))
        .collect();
    assert_eq!(
        found,
        vec![
            (0, RowField::SpName, IssueCode::JitRenamed),
            (1, RowField::Row, IssueCode::JitDeleted)
        ],
        "a renamed JIT row is flagged where it is now; a deleted one where it was"
    );
    let freely = apply(&before, &AttributeEdit::DeleteRow { row: 2 }).expect("free rows can go");
    assert!(
        validate_change(&before, &freely, false).is_empty(),
        "deleting a free row is fine"
    );
}

#[test]
fn custom_connector_has_only_free_rows() {
    let rows = read_rows(
        &app(
            json!([{"name": "email", "value": "email", "required": true, "readOnly": true}]),
            json!([]),
        ),
        &[],
    );
    assert!(
        rows.rows.iter().all(|r| !r.jit_required),
        "with no requirements nothing is JIT-required"
    );
    let mut flagged = rows.clone();
    flagged.rows[0].jit_required = true;
    assert_eq!(
        codes(&flagged, true),
        vec![(0, RowField::Row, IssueCode::JitOnCustomConnector)]
    );
    assert!(
        codes(&flagged, false).is_empty(),
        "pre-built connectors may have JIT rows"
    );
}

#[test]
fn drift_is_reported_and_fixed_with_add_missing() {
    let template = json!({"jit": {"attributes": {"email": "email", "lastName": "lastname"}}});
    let mut application = app(
        json!([{"name": "email", "value": "email", "required": true, "readOnly": true}]),
        json!([]),
    );
    let rows = read_rows(&application, &jit_requirements(&template));
    assert_eq!(rows.missing.len(), 1, "lastName is required but absent");
    let fixed = add_missing(&rows, "lastName").expect("it is missing");
    let written = sso_desk_core::attributes::write_rows(&application, &fixed);
    assert_eq!(
        written["config"]["databaseAttributes"]["value"][1],
        json!({"name": "lastName", "value": "lastname", "visible": true}),
        "the added row carries no required/readOnly of its own: the template makes it JIT-required"
    );
    let reread = read_rows(&written, &jit_requirements(&template));
    assert!(
        reread.missing.is_empty(),
        "once written, nothing is missing"
    );
    assert!(
        reread.rows[1].jit_required,
        "the added row reads back as JIT-required"
    );
    assert_eq!(
        written["config"]["databaseAttributes"]["value"][0],
        application["config"]["databaseAttributes"]["value"][0],
        "flags already on an entry are kept"
    );

    // An opted-out JIT attribute is kept with visible:false and is not mistaken for a missing one.
    application = written;
    let off = apply(&reread, &AttributeEdit::SetOn { row: 1, on: false }).expect("switch off");
    let written = sso_desk_core::attributes::write_rows(&application, &off);
    assert!(read_rows(&written, &jit_requirements(&template))
        .missing
        .is_empty());
    assert_eq!(
        written["config"]["databaseAttributes"]["value"][1]["visible"],
        json!(false)
    );
    assert_eq!(
        off.rows[1].source,
        Source::Property("lastname".into()),
        "the property is remembered"
    );
}

/// Every catalogue property is a string field of the v1 `systemuserreturn` object, so the
/// picker never offers a field JumpCloud does not have.
#[test]
fn catalogue_properties_are_string_fields_of_the_spec() {
    let spec_path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/jumpcloud-api/v1.json");
    let text = std::fs::read_to_string(&spec_path).unwrap_or_else(|e| {
        panic!(
            "the v1 spec must sit next to the repository ({}): {e}",
            spec_path.display()
        )
    });
    let spec: Value = serde_json::from_str(&text).expect("the spec is JSON");
    let fields = &spec["definitions"]["systemuserreturn"]["properties"];
    for (name, _) in USER_PROPERTIES {
        assert_eq!(
            fields[*name]["type"],
            json!("string"),
            "{name} must be a string field of systemuserreturn"
        );
    }
}
