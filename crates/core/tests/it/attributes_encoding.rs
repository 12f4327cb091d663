//! Reading and writing attribute rows against hand-written applications shaped like JumpCloud's.

use serde_json::{json, Value};
use sso_desk_core::attributes::{
    jit_requirements, read_rows, read_rows_without_template, write_rows, AttributeList,
    AttributeRow, JitRequirement, RowOrigin, Source,
};

fn req(sp_name: &str, default_property: &str) -> JitRequirement {
    JitRequirement {
        sp_name: sp_name.to_owned(),
        default_property: default_property.to_owned(),
    }
}

fn slack_template() -> Value {
    json!({"name": "slack", "jit": {"attributes": {"email": "email", "firstName": "firstname", "lastName": "lastname"}}})
}

/// Applications that exercise every corner of the encoding.
fn applications() -> Vec<(&'static str, Value)> {
    vec![
        (
            "no config at all",
            json!({"_id": "a1", "name": "slack", "displayLabel": "Slack"}),
        ),
        (
            "config without lists",
            json!({"_id": "a2", "name": "slack", "config": {"acsUrl": {"value": "https://sp.example/acs"}}}),
        ),
        (
            "null config",
            json!({"_id": "a3", "name": "slack", "config": null}),
        ),
        (
            "list objects without value",
            json!({"name": "x", "config": {"databaseAttributes": {"type": "list"}, "constantAttributes": {"label": "C"}}}),
        ),
        (
            "list value not an array",
            json!({"name": "x", "config": {"databaseAttributes": {"value": null}, "constantAttributes": {"value": "oops"}}}),
        ),
        (
            "empty lists",
            json!({"name": "x", "config": {"databaseAttributes": {"value": []}, "constantAttributes": {"value": []}}}),
        ),
        (
            "properties, custom and constants with unknown keys",
            json!({
                "_id": "a4", "name": "slack", "sso": {"idpCertificate": "CERT"}, "extra": [1, 2, {"deep": true}],
                "config": {
                    "acsUrl": {"value": "https://sp.example/acs", "position": 1},
                    "databaseAttributes": {"type": "list", "label": "Attributes", "position": 9, "value": [
                        {"name": "email", "value": "email", "required": true, "readOnly": true, "visible": true, "tooltip": {"template": "t"}},
                        {"name": "firstName", "value": "firstname", "required": true, "readOnly": true},
                        {"name": "badge", "value": "attributes.badgeNumber", "futureKey": {"a": [1]}},
                        {"name": "dept", "value": "department", "visible": false}
                    ]},
                    "constantAttributes": {"type": "list", "mutable": true, "value": [
                        {"name": "tenant", "value": "acme", "readOnly": false},
                        {"name": "role", "value": "member", "visible": false, "x": null}
                    ]}
                }
            }),
        ),
        (
            "weird entries in place",
            json!({"name": "x", "config": {
                "databaseAttributes": {"value": [
                    "just a string",
                    {"name": "a", "value": "email"},
                    {"value": "no name"},
                    {"name": 7, "value": "email"},
                    {"name": "b", "value": 12},
                    {"name": "c"},
                    null,
                    {"name": "d", "value": "attributes."},
                    {"name": "e", "value": "notAProperty"}
                ]},
                "constantAttributes": {"value": [[1, 2], {"name": "k", "value": ""}, {"name": "k2", "value": null}]}
            }}),
        ),
        (
            "repeated and odd names",
            json!({"name": "x", "config": {
                "databaseAttributes": {"value": [
                    {"name": "Email", "value": "email"}, {"name": "email", "value": "email"}, {"name": " sp ", "value": "username"}, {"name": "", "value": "email"}
                ]}
            }}),
        ),
        (
            "only constants, some off",
            json!({"name": "custom-saml-app", "config": {"constantAttributes": {"value": [
                {"name": "a", "value": "1", "visible": false}, {"name": "b", "value": "2", "visible": true}
            ]}}}),
        ),
    ]
}

#[test]
fn unedited_rows_write_back_the_identical_application() {
    let template = slack_template();
    for requirements in [jit_requirements(&template), Vec::new()] {
        for (what, app) in applications() {
            let rows = read_rows(&app, &requirements);
            assert_eq!(
                write_rows(&app, &rows),
                app,
                "{what}: read then write without edits must not change anything"
            );
            let rows = read_rows_without_template(&app);
            assert_eq!(
                write_rows(&app, &rows),
                app,
                "{what}: same when read without the template"
            );
            // Rows survive a trip through JSON (drafts are stored that way) and still write back identically.
            let stored = serde_json::to_string(&rows).expect("rows serialise");
            let restored = serde_json::from_str(&stored).expect("rows deserialise");
            assert_eq!(rows, restored, "{what}: rows must survive serialisation");
            assert_eq!(
                write_rows(&app, &restored),
                app,
                "{what}: restored rows write back the same"
            );
        }
    }
}

#[test]
fn rows_carry_source_state_and_origin() {
    let (_, app) = applications()
        .into_iter()
        .nth(6)
        .expect("the rich application");
    let rows = read_rows(&app, &jit_requirements(&slack_template()));
    let summary: Vec<(&str, &Source, bool, bool)> = rows
        .rows
        .iter()
        .map(|r| (r.sp_name.as_str(), &r.source, r.jit_required, r.on))
        .collect();
    assert_eq!(
        summary,
        vec![
            ("email", &Source::Property("email".into()), true, true),
            (
                "firstName",
                &Source::Property("firstname".into()),
                true,
                true
            ),
            ("badge", &Source::Custom("badgeNumber".into()), false, true),
            ("dept", &Source::Property("department".into()), false, false),
            ("tenant", &Source::Constant("acme".into()), false, true),
            ("role", &Source::Constant("member".into()), false, false),
        ],
        "database rows come first, then constants; visible:false means off"
    );
    assert_eq!(
        rows.rows[4].origin,
        Some(RowOrigin {
            list: AttributeList::Constant,
            index: 0
        })
    );
    assert_eq!(
        rows.missing,
        vec![req("lastName", "lastname")],
        "lastName is required by the template but absent"
    );
}

#[test]
fn weird_entries_are_kept_and_not_read_as_rows() {
    let (_, app) = applications()
        .into_iter()
        .nth(7)
        .expect("the weird application");
    let rows = read_rows(&app, &[req("b", "email")]);
    let names: Vec<&str> = rows.rows.iter().map(|r| r.sp_name.as_str()).collect();
    assert_eq!(
        names,
        vec!["a", "d", "e", "k"],
        "only objects with string name and value are rows"
    );
    let unread: Vec<(AttributeList, u32)> = rows.unread.iter().map(|u| (u.list, u.index)).collect();
    assert_eq!(
        unread,
        vec![
            (AttributeList::Database, 0),
            (AttributeList::Database, 2),
            (AttributeList::Database, 3),
            (AttributeList::Database, 4),
            (AttributeList::Database, 5),
            (AttributeList::Database, 6),
            (AttributeList::Constant, 0),
            (AttributeList::Constant, 2),
        ]
    );
    assert!(rows.missing.is_empty(), "an unread entry named like a requirement is not reported missing (adding it would duplicate it)");
    assert_eq!(
        rows.rows[1].source,
        Source::Custom(String::new()),
        "a bare prefix is an (invalid) custom attribute, for validation to flag"
    );
}

#[test]
fn template_requirements_tolerate_untyped_values() {
    let template = json!({"jit": {"attributes": {"email": "email", "firstName": null, "Department": {"x": 1}, "nickname": 3, "uid": {"value": "username"}}}});
    assert_eq!(
        jit_requirements(&template),
        vec![req("email", "email"), req("firstName", "firstname"), req("Department", "department"), req("nickname", ""), req("uid", "username")],
        "non-string values still require the attribute; the default falls back to the property spelt like the name"
    );
    assert!(jit_requirements(&json!({"name": "custom-saml-app"})).is_empty());
    assert!(jit_requirements(&json!({"jit": {"attributes": []}})).is_empty());
}

#[test]
fn without_template_the_locking_flags_decide() {
    let (_, app) = applications()
        .into_iter()
        .nth(6)
        .expect("the rich application");
    let rows = read_rows_without_template(&app);
    let jit: Vec<&str> = rows
        .rows
        .iter()
        .filter(|r| r.jit_required)
        .map(|r| r.sp_name.as_str())
        .collect();
    assert_eq!(
        jit,
        vec!["email", "firstName"],
        "entries with required+readOnly are JIT-required"
    );
    assert!(
        rows.missing.is_empty(),
        "nothing can be missing without a template"
    );
}

#[test]
fn edited_and_new_rows_keep_unknown_keys_and_get_flags() {
    let (_, app) = applications()
        .into_iter()
        .nth(6)
        .expect("the rich application");
    let mut rows = read_rows(&app, &jit_requirements(&slack_template()));
    rows.rows[1].source = Source::Property("displayname".into());
    rows.rows[2].source = Source::Custom("badge2".into());
    rows.rows[3].on = true;
    rows.rows[5].on = true;
    rows.rows.push(AttributeRow {
        sp_name: "lastName".into(),
        source: Source::Property("lastname".into()),
        jit_required: true,
        on: true,
        origin: None,
    });
    let written = write_rows(&app, &rows);
    let db = &written["config"]["databaseAttributes"]["value"];
    assert_eq!(
        db[1],
        json!({"name": "firstName", "value": "displayname", "required": true, "readOnly": true, "visible": true}),
        "flags already on an edited JIT entry are kept as they are"
    );
    assert_eq!(
        db[2],
        json!({"name": "badge", "value": "badge2", "futureKey": {"a": [1]}, "visible": true}),
        "unknown keys stay on an edited entry; the custom attribute is written bare, dropping the legacy prefix"
    );
    assert_eq!(
        db[3],
        json!({"name": "dept", "value": "department", "visible": true}),
        "switching on writes visible:true"
    );
    assert_eq!(
        db[4],
        json!({"name": "lastName", "value": "lastname", "visible": true}),
        "a new JIT row gets no required/readOnly of its own: JIT-required comes from the template"
    );
    let consts = &written["config"]["constantAttributes"]["value"];
    assert_eq!(
        consts[1],
        json!({"name": "role", "value": "member", "visible": true, "x": null})
    );
    assert_eq!(
        written["config"]["databaseAttributes"]["position"],
        json!(9),
        "list metadata is kept"
    );
    assert_eq!(written["extra"], app["extra"], "other fields are kept");
}

#[test]
fn moving_a_row_between_lists_and_creating_lists() {
    let app = json!({"_id": "a", "config": {"databaseAttributes": {"value": [{"name": "tier", "value": "department", "note": "n"}]}}});
    let mut rows = read_rows(&app, &[]);
    rows.rows[0].source = Source::Constant("gold".into());
    let written = write_rows(&app, &rows);
    assert_eq!(
        written["config"]["databaseAttributes"]["value"],
        json!([]),
        "the entry left the database list"
    );
    assert_eq!(
        without_tooltip(&written["config"]["constantAttributes"]),
        json!({"label": "CONSTANT ATTRIBUTES:", "readOnly": false, "toggle": null, "type": "constantAttributes", "value": [{"name": "tier", "value": "gold", "note": "n", "visible": true}]}),
        "a missing list is created shaped like JumpCloud's container; the moved entry keeps its unknown keys"
    );
    assert_created_tooltip(&written["config"]["constantAttributes"]);

    let bare = json!({"_id": "b"});
    let mut rows = read_rows(&bare, &[]);
    rows.rows.push(AttributeRow {
        sp_name: "mail".into(),
        source: Source::Property("email".into()),
        jit_required: false,
        on: false,
        origin: None,
    });
    let written = write_rows(&bare, &rows);
    assert_created_tooltip(&written["config"]["databaseAttributes"]);
    let mut untipped = written.clone();
    untipped["config"]["databaseAttributes"] =
        without_tooltip(&written["config"]["databaseAttributes"]);
    assert_eq!(
        untipped,
        json!({"_id": "b", "config": {"databaseAttributes": {"label": "USER ATTRIBUTES MAPPING:", "readOnly": false, "toggle": null, "type": "constantAttributes", "value": [{"name": "mail", "value": "email", "visible": false}]}}}),
        "config and list are created, the list like JumpCloud's databaseAttributes container; an off row is visible:false"
    );

    // An existing container keeps every key of its own, even one shaped unlike a created one.
    let typed =
        json!({"config": {"databaseAttributes": {"type": "list", "label": "Mine", "value": []}}});
    let mut rows = read_rows(&typed, &[]);
    rows.rows.push(AttributeRow {
        sp_name: "mail".into(),
        source: Source::Property("email".into()),
        jit_required: false,
        on: true,
        origin: None,
    });
    assert_eq!(
        write_rows(&typed, &rows),
        json!({"config": {"databaseAttributes": {"type": "list", "label": "Mine", "value": [{"name": "mail", "value": "email", "visible": true}]}}}),
        "only a missing container is created; an existing one is not reshaped"
    );
}

/// A list container without its `tooltip`, which is checked apart by [`assert_created_tooltip`].
fn without_tooltip(container: &Value) -> Value {
    let mut container = container.clone();
    if let Some(object) = container.as_object_mut() {
        object.remove("tooltip");
    }
    container
}

/// A created container carries a tooltip shaped like JumpCloud's: a template and the variables
/// `icon` and `message` (their wording is SSO Desk's own).
fn assert_created_tooltip(container: &Value) {
    let tooltip = &container["tooltip"];
    assert_eq!(tooltip["template"], json!("Dynamic"), "tooltip: {tooltip}");
    assert!(
        tooltip["variables"]["icon"].is_string(),
        "tooltip icon: {tooltip}"
    );
    assert!(
        tooltip["variables"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "tooltip message: {tooltip}"
    );
}

#[test]
fn deleting_rows_keeps_unread_entries_in_place() {
    let app = json!({"config": {"databaseAttributes": {"value": [{"name": "a", "value": "email"}, "weird", {"name": "b", "value": "username"}]}}});
    let mut rows = read_rows(&app, &[]);
    rows.rows.remove(0);
    let written = write_rows(&app, &rows);
    assert_eq!(
        written["config"]["databaseAttributes"]["value"],
        json!(["weird", {"name": "b", "value": "username"}])
    );
}

#[test]
fn decoded_templates_give_the_same_requirements() {
    let raw = json!({"_id": "t1", "name": "slack", "jit": {"attributes": {"email": "email", "firstName": null, "uid": {"value": "username"}}}});
    let decoded: sso_desk_core::jumpcloud::Template =
        serde_json::from_value(raw.clone()).expect("a template");
    assert_eq!(
        sso_desk_core::attributes::template_requirements(&decoded),
        jit_requirements(&raw),
        "the client's decoded template and the raw JSON agree on what JIT needs"
    );
}
