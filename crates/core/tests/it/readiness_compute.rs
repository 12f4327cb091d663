//! Readiness over a small hand-built organisation: who can sign in (groups, nested groups with a
//! cycle, direct bindings), how values resolve, what is ignored, ordering, preview and CSV.

use serde_json::{json, Value};
use sso_desk_core::readiness::{
    application_readiness, org_readiness, preview_assertion, to_csv, ApplicationInput, BoundBy,
    OrgSnapshot, OrgSnapshotBuilder, ReadinessError, ValueSource,
};

fn user(id: &str, username: &str, lastname: Option<&str>, badge: Option<&str>) -> Value {
    let mut user = json!({
        "_id": id, "username": username, "email": format!("{username}@example.com"),
        "firstname": username.to_uppercase(), "department": null,
        "attributes": [{"name": "costCode", "value": "CC-1"}],
    });
    if let Some(lastname) = lastname {
        user["lastname"] = json!(lastname);
    }
    if let Some(badge) = badge {
        user["attributes"]
            .as_array_mut()
            .unwrap()
            .push(json!({"name": "badgeNumber", "value": badge}));
    }
    user
}

fn slack_template() -> Value {
    json!({"name": "slack", "sso": {"jit": true}, "jit": {"attributes": {
        "email": "email", "firstName": "firstname", "lastName": "lastname",
        "badge": "employeeIdentifier", "dept": "department", "plan": "", "employeeId": "employeeIdentifier"
    }}})
}

fn slack_app(id: &str, extra_constants: Vec<Value>) -> Value {
    let mut constants = vec![
        json!({"name": "plan", "value": "gold"}),
        json!({"name": "tenant", "value": "acme"}),
    ];
    constants.extend(extra_constants);
    json!({
        "_id": id, "name": "slack", "displayLabel": format!("Slack {id}"),
        "config": {
            "databaseAttributes": {"value": [
                {"name": "email", "value": "email"},
                {"name": "firstName", "value": "firstname"},
                {"name": "lastName", "value": "lastname"},
                {"name": "badge", "value": "attributes.badgeNumber"},
                {"name": "dept", "value": "department", "visible": false},
                {"name": "nickname", "value": "middlename"}
            ]},
            "constantAttributes": {"value": constants}
        }
    })
}

/// g1 {alice, bob, carol} contains g2 {dave} contains g3 {erin} contains g1 again (a cycle);
/// g4 {gina} is bound to nothing; frank is bound to app1 directly.
fn org() -> OrgSnapshotBuilder {
    let mut b = OrgSnapshot::builder();
    for u in [
        user("u1", "alice", Some("Doe"), Some("B1")),
        user("u2", "bob", None, Some("B2")),
        user("u3", "carol", Some("  \t"), Some("B3")),
        user("u4", "dave", Some("Dane"), None),
        user("u5", "erin", None, Some("B5")),
        user("u6", "frank", Some("Fox"), Some("B6")),
        user("u7", "gina", None, None),
    ] {
        b.systemuser(&u).unwrap();
    }
    let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    b.user_group("g1", ids(&["u1", "u2", "u3"]), ids(&["g2"]));
    b.user_group("g2", ids(&["u4"]), ids(&["g3"]));
    b.user_group("g3", ids(&["u5", "u1"]), ids(&["g1", "g-unknown"]));
    b.user_group("g4", ids(&["u7"]), vec![]);
    b.template_json(&slack_template());
    b.application(ApplicationInput {
        json: slack_app("app1", vec![]),
        user_groups: ids(&["g1"]),
        users: ids(&["u6", "u1"]),
    });
    b
}

#[test]
fn nested_groups_cycles_and_direct_bindings_decide_who_can_sign_in() {
    let snapshot = org().build();
    let report = application_readiness(&snapshot, "app1").unwrap();
    assert_eq!(
        report.users, 6,
        "alice, bob, carol (g1), dave (g2 in g1), erin (g3 in g2), frank (direct) can sign in once each; gina cannot"
    );
    assert_eq!(report.ready + report.not_ready, report.users);
    assert!(
        !report.users_not_ready.iter().any(|u| &*u.user_id == "u7"),
        "gina's group is bound to nothing, so she is not counted"
    );
    assert_eq!(
        snapshot.dangling_references(),
        1,
        "g-unknown is dropped, not fatal"
    );
}

#[test]
fn each_not_ready_user_says_whether_they_are_bound_directly_or_through_a_group() {
    let mut b = OrgSnapshot::builder();
    for u in [
        user("d1", "direct", None, Some("B1")),
        user("d2", "both", None, Some("B2")),
        user("g1", "grouped", None, Some("B3")),
        user("n1", "nested", None, Some("B4")),
    ] {
        b.systemuser(&u).unwrap();
    }
    b.user_group(
        "outer",
        vec!["d2".into(), "g1".into()],
        vec!["inner".into()],
    );
    b.user_group("inner", vec!["n1".into()], vec![]);
    b.template_json(&slack_template());
    b.application(ApplicationInput {
        json: slack_app("app", vec![]),
        user_groups: vec!["outer".into()],
        users: vec!["d2".into(), "d1".into(), "d1".into()],
    });
    let report = application_readiness(&b.build(), "app").unwrap();
    let bound: Vec<(&str, BoundBy)> = report
        .users_not_ready
        .iter()
        .map(|u| (&*u.user_id, u.bound_by))
        .collect();
    assert_eq!(
        bound,
        vec![
            ("d1", BoundBy::Directly),
            ("d2", BoundBy::DirectlyAndGroups),
            ("g1", BoundBy::Groups),
            ("n1", BoundBy::Groups),
        ],
        "a repeated direct binding counts once; a nested group is still a group"
    );
    assert_eq!(report.users, 4, "the user bound twice is counted once");
    let csv = to_csv(&report);
    let last_cells: Vec<&str> = csv
        .lines()
        .map(|line| line.rsplit(',').next().unwrap_or_default())
        .collect();
    assert_eq!(
        last_cells,
        ["bound", "direct", "direct and group", "group", "group"],
        "the CSV says how each user is bound"
    );
}

#[test]
fn required_values_resolve_from_properties_custom_attributes_and_constants() {
    let snapshot = org().build();
    let report = application_readiness(&snapshot, "app1").unwrap();
    let missing: Vec<(String, Vec<String>)> = report
        .users_not_ready
        .iter()
        .map(|u| {
            (
                u.username.to_string(),
                u.missing.iter().map(|m| m.name.to_string()).collect(),
            )
        })
        .collect();
    assert_eq!(
        missing,
        vec![
            ("bob".to_owned(), vec!["lastName".to_owned()]),
            ("carol".to_owned(), vec!["lastName".to_owned()]),
            ("dave".to_owned(), vec!["badge".to_owned()]),
            ("erin".to_owned(), vec!["lastName".to_owned()]),
        ],
        "absent property, whitespace-only property and absent custom attribute are not ready; \
         the filled constant `plan` never is missing"
    );
    assert_eq!((report.ready, report.not_ready), (2, 4));
    let badge = report.users_not_ready[2].missing[0].clone();
    assert_eq!(
        badge.source,
        ValueSource::Custom {
            attribute: "badgeNumber".into()
        },
        "the source names the custom attribute without its prefix"
    );
    let bob = &report.users_not_ready[0];
    assert_eq!(
        (&*bob.email, &*bob.name),
        ("bob@example.com", "BOB"),
        "name falls back to first + last name"
    );
}

#[test]
fn switched_off_and_unmapped_requirements_are_not_checked_per_user() {
    let snapshot = org().build();
    let report = application_readiness(&snapshot, "app1").unwrap();
    let checked: Vec<&str> = report.checked_attributes.iter().map(|a| &*a.name).collect();
    assert_eq!(
        checked,
        vec!["email", "firstName", "lastName", "badge", "plan"],
        "only JIT-required rows that are on are checked; nickname and tenant are not required"
    );
    assert_eq!(
        report.switched_off,
        vec!["dept".into()],
        "nobody has a department, but the admin switched dept off, so nobody is held back by it"
    );
    assert_eq!(
        report.unmapped,
        vec!["employeeId".into()],
        "a requirement without a row is reported once"
    );
}

#[test]
fn a_blank_required_constant_holds_back_everyone() {
    let mut b = org();
    b.application(ApplicationInput {
        json: json!({"_id": "app2", "name": "slack", "config": {
            "databaseAttributes": {"value": [{"name": "email", "value": "email"}]},
            "constantAttributes": {"value": [{"name": "plan", "value": " "}]}}}),
        user_groups: vec!["g4".into()],
        users: vec![],
    });
    let snapshot = b.build();
    let report = application_readiness(&snapshot, "app2").unwrap();
    assert_eq!(
        (report.users, report.not_ready),
        (1, 1),
        "gina is bound via g4 and the constant is blank"
    );
    assert_eq!(report.users_not_ready[0].missing[0].name.as_ref(), "plan");
}

#[test]
fn without_the_template_the_rows_required_flags_say_what_jit_needs() {
    let mut b = OrgSnapshot::builder();
    b.systemuser(&user("u1", "alice", None, None)).unwrap();
    b.application(ApplicationInput {
        json: json!({"_id": "a", "name": "unknown-template", "config": {"databaseAttributes": {"value": [
            {"name": "sn", "value": "lastname", "required": true, "readOnly": true},
            {"name": "title", "value": "jobTitle"}
        ]}}}),
        user_groups: vec![],
        users: vec!["u1".into()],
    });
    let snapshot = b.build();
    let report = application_readiness(&snapshot, "a").unwrap();
    assert!(
        report.jit,
        "a flagged row marks the application as provisioning just in time"
    );
    assert_eq!(report.not_ready, 1);
    assert_eq!(
        report.users_not_ready[0].missing.len(),
        1,
        "title is not required"
    );
}

#[test]
fn unknown_ids_are_typed_errors() {
    let snapshot = org().build();
    assert!(matches!(
        application_readiness(&snapshot, "nope"),
        Err(ReadinessError::UnknownApplication(id)) if id == "nope"
    ));
    assert!(matches!(
        preview_assertion(&snapshot, "app1", "nobody"),
        Err(ReadinessError::UnknownUser(_))
    ));
}

#[test]
fn org_readiness_lists_jit_applications_worst_first() {
    let mut b = org();
    let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    // app3: 1 user, 1 not ready (share 100%); app4: 2 users, 1 not ready (50%);
    // app5: 6 users like app1 but blank required constant: 6 not ready.
    b.application(ApplicationInput {
        json: slack_app("app3", vec![]),
        user_groups: vec![],
        users: ids(&["u2"]),
    });
    b.application(ApplicationInput {
        json: slack_app("app4", vec![]),
        user_groups: vec![],
        users: ids(&["u2", "u1"]),
    });
    let mut blank = slack_app("app5", vec![]);
    blank["config"]["constantAttributes"]["value"][0]["value"] = json!("");
    b.application(ApplicationInput {
        json: blank,
        user_groups: ids(&["g1"]),
        users: ids(&["u6"]),
    });
    b.application(ApplicationInput {
        json: json!({"_id": "nojit", "name": "bookmark"}),
        user_groups: ids(&["g1"]),
        users: vec![],
    });
    let snapshot = b.build();
    let order: Vec<(String, u32, u32)> = org_readiness(&snapshot)
        .iter()
        .map(|s| (s.application_id.to_string(), s.not_ready, s.users))
        .collect();
    assert_eq!(
        order,
        vec![
            ("app5".to_owned(), 6, 6),
            ("app1".to_owned(), 4, 6),
            ("app3".to_owned(), 1, 1),
            ("app4".to_owned(), 1, 2),
        ],
        "most not ready first, then the larger share; applications without JIT are left out"
    );
}

#[test]
fn preview_sends_rows_that_are_on_in_order_with_empty_values_flagged() {
    let mut b = org();
    let mut app = slack_app("app6", vec![]);
    app["config"]["subjectField"] = json!({"value": "username"});
    b.application(ApplicationInput {
        json: app,
        user_groups: vec![],
        users: vec![],
    });
    let snapshot = b.build();
    let preview = preview_assertion(&snapshot, "app1", "u3").unwrap();
    let statements: Vec<(&str, &str, bool, bool)> = preview
        .attributes
        .iter()
        .map(|s| (&*s.name, s.value.as_str(), s.empty, s.jit_required))
        .collect();
    assert_eq!(
        statements,
        vec![
            ("email", "carol@example.com", false, true),
            ("firstName", "CAROL", false, true),
            ("lastName", "  \t", true, true),
            ("badge", "B3", false, true),
            ("nickname", "", true, false),
            ("plan", "gold", false, true),
            ("tenant", "acme", false, false),
        ],
        "database rows in list order then constants; dept is off so it is not sent; \
         whitespace is sent as is but flagged empty"
    );
    assert_eq!(
        preview.name_id, "carol@example.com",
        "NameID defaults to email"
    );
    assert_eq!(
        preview.jit_not_sent,
        vec!["dept".into(), "employeeId".into()]
    );

    let preview = preview_assertion(&snapshot, "app6", "u3").unwrap();
    assert_eq!(
        (preview.name_id.as_str(), &*preview.name_id_property),
        ("carol", "username"),
        "subjectField names the NameID property"
    );
}

#[test]
fn csv_quotes_fields_and_neutralises_formulas() {
    let mut b = OrgSnapshot::builder();
    b.systemuser(
        &json!({"_id": "x1", "username": "=cmd|' /C calc'!A0", "email": "a@x.com",
        "displayname": "Doe, \"Jim\"\nJr"}),
    )
    .unwrap();
    b.template_json(&slack_template());
    b.application(ApplicationInput {
        json: slack_app("app", vec![]),
        user_groups: vec![],
        users: vec!["x1".into()],
    });
    let snapshot = b.build();
    let csv = to_csv(&application_readiness(&snapshot, "app").unwrap());
    assert_eq!(
        csv,
        "user id,username,email,name,missing attributes,bound\r\n\
         x1,\"'=cmd|' /C calc'!A0\",a@x.com,\"Doe, \"\"Jim\"\"\nJr\",\
         firstName (property firstname); lastName (property lastname); badge (custom attribute badgeNumber),direct\r\n",
        "commas, quotes and newlines are quoted, quotes doubled, a leading = is kept as text"
    );
}

#[test]
fn values_read_as_the_assertion_sends_them() {
    let mut b = OrgSnapshot::builder();
    b.systemuser(&json!({
        "_id": "n1", "email": "n@example.com", "employeeIdentifier": null, "activated": false,
        "badLoginAttempts": 0,
        "attributes": [
            {"name": "badgeNumber", "value": ""},
            {"name": "badgeNumber", "value": "second item is never read"},
            {"name": "costCode", "value": null},
            {"value": "no name"}
        ]
    }))
    .unwrap();
    b.application(ApplicationInput {
        json: json!({"_id": "a", "name": "custom-saml-app", "config": {"databaseAttributes": {"value": [
            {"name": "id", "value": "employeeIdentifier"},
            {"name": "active", "value": "activated"},
            {"name": "failures", "value": "badLoginAttempts"},
            {"name": "badge", "value": "attributes.badgeNumber"},
            {"name": "cost", "value": "attributes.costCode"},
            {"name": "nobody", "value": "attributes.neverSeen"}
        ]}}}),
        user_groups: vec![],
        users: vec!["n1".into()],
    });
    let snapshot = b.build();
    let preview = preview_assertion(&snapshot, "a", "n1").unwrap();
    let values: Vec<(&str, &str, bool)> = preview
        .attributes
        .iter()
        .map(|s| (&*s.name, s.value.as_str(), s.empty))
        .collect();
    assert_eq!(
        values,
        vec![
            ("id", "", true),
            ("active", "false", false),
            ("failures", "0", false),
            ("badge", "", true),
            ("cost", "", true),
            ("nobody", "", true),
        ],
        "null reads empty, booleans and numbers as their JSON text, the first custom item of a \
         name wins even when empty, an attribute nobody has reads empty"
    );
}

#[test]
fn the_custom_saml_connector_never_provisions_just_in_time() {
    let mut b = OrgSnapshot::builder();
    b.systemuser(&user("u1", "alice", None, None)).unwrap();
    b.application(ApplicationInput {
        json: json!({"_id": "c", "name": "custom-saml-app", "config": {"databaseAttributes": {"value": [
            {"name": "sn", "value": "lastname", "required": true, "readOnly": true}
        ]}}}),
        user_groups: vec![],
        users: vec!["u1".into()],
    });
    let snapshot = b.build();
    let report = application_readiness(&snapshot, "c").unwrap();
    assert!(
        !report.jit && report.checked_attributes.is_empty(),
        "flags on a custom connector's rows do not make them JIT requirements"
    );
    assert!(
        org_readiness(&snapshot).is_empty(),
        "so it is left out of the overview"
    );
}

#[test]
fn a_draft_previews_without_a_snapshot() {
    let template = sso_desk_core::readiness::JitFacts::from_template(&slack_template());
    let preview = sso_desk_core::readiness::preview_application(
        &slack_app("draft", vec![]),
        Some(&template),
        &user("u2", "bob", None, Some("B2")),
    )
    .unwrap();
    let last_name = preview
        .attributes
        .iter()
        .find(|s| &*s.name == "lastName")
        .expect("lastName is sent");
    assert!(
        last_name.empty && last_name.jit_required,
        "bob's empty lastName is flagged as a JIT problem in the draft's preview"
    );
    assert_eq!(preview.name_id, "bob@example.com");
}
