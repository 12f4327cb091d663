use super::*;
use crate::jumpcloud::{Access, Application, Binding, Client, Template, UserGroup};
use serde_json::json;

fn app(id: &str, name: &str, label: &str) -> Application {
    Application::from_json(json!({
        "_id": id, "name": name, "displayLabel": label, "displayName": "From the app",
        "sso": {"type": "saml", "jit": false}, "logo": {"url": "/logos/x.png", "color": "#123456"}
    }))
    .expect("object")
}

fn facts(name: &str, jit: bool, scim: bool) -> TemplateFacts {
    TemplateFacts {
        name: name.into(),
        display_name: format!("{name} connector"),
        keywords: vec!["video".into()],
        jit,
        scim,
        beta: false,
    }
}

fn binding(group: &str, app: &str) -> Binding {
    Binding {
        group_id: group.into(),
        application_id: app.into(),
    }
}

#[test]
fn rows_take_functionality_from_the_template_and_count_groups_once() {
    let apps = [
        app("a1", "zoom", "zoom (sales)"),
        app("a2", "plain", "Alpha"),
        app("a3", "gone", "Beta app"),
    ];
    let templates = [facts("zoom", true, true), facts("plain", false, false)];
    let bindings = [
        binding("g1", "a1"),
        binding("g2", "a1"),
        binding("g1", "a1"),
        binding("g3", "a2"),
    ];
    let rows = build_rows(&apps, &templates, &bindings);
    let labels: Vec<&str> = rows.iter().map(|r| r.display_label.as_str()).collect();
    assert_eq!(
        labels,
        ["Alpha", "Beta app", "zoom (sales)"],
        "sorted by label, ignoring case"
    );
    let zoom = &rows[2];
    assert!(zoom.jit && zoom.scim, "JIT and SCIM come from the template");
    assert_eq!(zoom.connector, "zoom connector");
    assert_eq!(zoom.keywords, ["video"]);
    assert_eq!(zoom.bound_groups, 2, "a repeated binding is one group");
    assert_eq!(zoom.color.as_deref(), Some("#123456"));
    assert!(zoom.active, "absent `active` means active");
    let plain = &rows[0];
    assert!(!plain.jit && !plain.scim);
    assert_eq!(plain.bound_groups, 1);
    let orphan = &rows[1];
    assert_eq!(
        orphan.connector, "From the app",
        "an unknown template falls back to the app's displayName"
    );
    assert!(!orphan.scim, "no SCIM claimed without the template");
    assert_eq!(orphan.bound_groups, 0);
}

#[test]
fn an_unknown_template_falls_back_to_the_applications_own_jit_flag() {
    let a = Application::from_json(
        json!({"_id": "x", "name": "n", "sso": {"jit": true}, "active": false}),
    )
    .expect("object");
    let row = ApplicationRow::new(&a, None, 0);
    assert!(row.jit, "the app's sso.jit when the template is unknown");
    assert!(!row.active, "active: false is shown as such");
    assert_eq!(
        row.connector, "n",
        "the template name when nothing better is known"
    );
    let plain = ApplicationRow::new(&a, Some(&facts("n", false, false)), 0);
    assert!(
        !plain.jit,
        "the template wins over the app's copy of the flag"
    );
}

#[test]
fn template_facts_read_the_catalogue_flags() {
    let t: Template = serde_json::from_value(json!({
        "_id": "t", "name": "zoom", "displayName": "Zoom", "keywords": ["video"],
        "sso": {"jit": true, "beta": true}, "provision": {"type": "scim"}
    }))
    .expect("decodes");
    let f = TemplateFacts::from(&t);
    assert_eq!(f.display_name, "Zoom");
    assert!(f.jit && f.scim && f.beta);
    let bare: Template = serde_json::from_value(json!({"name": "bare"})).expect("decodes");
    assert_eq!(TemplateFacts::from(&bare).display_name, "bare");
}

fn access(id: &str, kind: &str, direct: bool, via: &[&str]) -> Access {
    Access {
        id: id.into(),
        kind: kind.into(),
        direct,
        via_groups: via.iter().map(|s| (*s).to_owned()).collect(),
    }
}

fn group(id: &str, name: &str) -> UserGroup {
    UserGroup {
        id: id.into(),
        name: name.into(),
        ..UserGroup::default()
    }
}

#[test]
fn group_applications_say_direct_or_through_which_group() {
    let rows = build_rows(
        &[app("a1", "zoom", "Zoom"), app("a2", "plain", "Alpha")],
        &[facts("zoom", true, false)],
        &[],
    );
    let groups = [group("g1", "Engineering"), group("g2", "Slack Workspace")];
    let accesses = [
        access("a1", "application", false, &["g2"]),
        access("a2", "application", true, &[]),
        access("missing", "application", true, &[]),
        access("u1", "user", true, &[]),
    ];
    let got = group_applications(&accesses, &rows, &groups);
    assert_eq!(got.len(), 2, "only known applications, no other kinds");
    assert_eq!(got[0].application.display_label, "Alpha");
    assert!(got[0].direct && got[0].via_groups.is_empty());
    assert!(!got[1].direct);
    assert_eq!(
        got[1].via_groups,
        [GroupRef {
            id: "g2".into(),
            name: "Slack Workspace".into()
        }],
        "the indirect binding names the group it goes through"
    );
    assert!(got[1].application.jit);
}

#[test]
fn bound_groups_are_named_and_sorted_and_the_overview_counts_direct_ones() {
    let groups = [group("g1", "engineering"), group("g2", "Admins")];
    let accesses = [
        access("g1", "user_group", false, &["g2"]),
        access("g2", "user_group", true, &[]),
        access("g9", "user_group", true, &[]),
    ];
    let bound = bound_groups(&accesses, &groups);
    let names: Vec<&str> = bound.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(
        names,
        ["Admins", "engineering", "g9"],
        "an unknown group shows its id"
    );
    let a = Application::from_json(json!({
        "_id": "a", "name": "zoom", "displayLabel": "Zoom", "ssoUrl": "https://sso",
        "config": {"acsUrl": {"value": "https://acs"}, "spEntityId": {"value": ""}}
    }))
    .expect("object");
    let o = ApplicationOverview::new(&a, None, bound, DirectUsers::default());
    assert_eq!(o.row.bound_groups, 2, "only direct bindings are counted");
    assert_eq!(o.acs_url.as_deref(), Some("https://acs"));
    assert_eq!(o.sp_entity_id, None, "an empty value is no value");
    assert_eq!(o.sso_url.as_deref(), Some("https://sso"));
}

/// The commands run these on a multi-threaded runtime, which needs their futures to be `Send`.
#[allow(dead_code)]
fn loads_are_send(client: &Client) {
    fn send<T: Send>(_: T) {}
    send(load(client, &|_| {}));
    send(rows_for(client, &[], &[], &[]));
    send(template_for(client, &Application::default(), &[]));
    send(direct_users(client, "app"));
}

#[test]
fn user_group_rows_are_sorted_by_name() {
    let rows = user_group_rows(&[group("g2", "sales"), group("g1", "Admins")]);
    let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["Admins", "sales"], "case-insensitive name order");
}
