use std::collections::BTreeMap;

use serde_json::json;

use super::*;
use crate::jumpcloud::{Application, Binding, OrgSync};

#[test]
fn keys_are_sorted_at_any_depth_and_lists_keep_their_order() {
    let v = json!({"b": 1, "a": {"z": [3, {"y": 1, "x": 2}], "c": null}});
    assert_eq!(
        serde_json::to_string(&sorted(&v)).unwrap(),
        r#"{"a":{"c":null,"z":[3,{"x":2,"y":1}]},"b":1}"#
    );
}

#[test]
fn a_label_becomes_a_safe_file_name() {
    assert_eq!(slug("Zoom (sample data)"), "zoom-sample-data");
    assert_eq!(slug("../../etc/passwd"), "etc-passwd");
    assert_eq!(slug("日本"), "application");
    assert!(slug(&"x".repeat(100)).len() <= 40);
}

#[test]
fn utc_text_is_rfc3339() {
    assert_eq!(utc_text(0), "1970-01-01T00:00:00Z");
    assert_eq!(utc_text(1_798_761_599), "2026-12-31T23:59:59Z");
    assert_eq!(utc_text(951_782_400), "2000-02-29T00:00:00Z");
}

fn app(id: &str, label: &str, acs: &str) -> Application {
    Application::from_json(json!({
        "_id": id, "name": "zoom", "displayLabel": label, "ssoUrl": format!("https://sso/{id}"),
        "config": {"acsUrl": {"label": "ACS URL", "value": acs}}
    }))
    .unwrap()
}

fn snapshot_of(org: &OrgSync) -> Snapshot {
    let mut bindings: BTreeMap<String, Vec<GroupName>> = BTreeMap::new();
    for b in &org.bindings {
        bindings
            .entry(b.application_id.clone())
            .or_default()
            .push(GroupName {
                id: b.group_id.clone(),
                name: String::new(),
            });
    }
    Snapshot {
        manifest: Manifest {
            format: FORMAT,
            organization: "test".into(),
            exported_at: utc_text(0),
            sso_desk_version: "0".into(),
        },
        applications: org
            .applications
            .iter()
            .map(|a| (a.id().unwrap().to_owned(), a.to_value()))
            .collect(),
        bindings,
    }
}

fn group(id: &str) -> crate::jumpcloud::UserGroup {
    serde_json::from_value(json!({"id": id, "name": format!("Group {id}")})).unwrap()
}

#[test]
fn drift_names_the_changed_field_and_the_added_removed_and_rebound_ones() {
    let then = OrgSync {
        applications: vec![
            app("a1", "Zoom", "https://a/acs"),
            app("a2", "Gone", "https://b/acs"),
        ],
        user_groups: vec![group("g1"), group("g2")],
        bindings: vec![Binding {
            group_id: "g1".into(),
            application_id: "a1".into(),
        }],
    };
    let snapshot = snapshot_of(&then);
    assert!(
        compare(&snapshot, &then).is_empty(),
        "a snapshot matches its organisation"
    );

    let mut drifted = app("a1", "Zoom", "https://drifted/acs");
    drifted
        .json_mut()
        .insert("ssoUrl".into(), json!("https://sso/other"));
    let now = OrgSync {
        applications: vec![drifted, app("a3", "New", "https://c/acs")],
        user_groups: vec![group("g1"), group("g2")],
        bindings: vec![Binding {
            group_id: "g2".into(),
            application_id: "a1".into(),
        }],
    };
    let drift = compare(&snapshot, &now);
    assert_eq!(drift.changed.len(), 1);
    let labels: Vec<&str> = drift.changed[0]
        .changes
        .iter()
        .map(|c| c.label.as_str())
        .collect();
    assert_eq!(
        labels,
        ["ACS URL"],
        "only the admin's field; the SSO URL is JumpCloud's"
    );
    assert_eq!(
        drift
            .removed
            .iter()
            .map(|a| a.id.as_str())
            .collect::<Vec<_>>(),
        ["a2"]
    );
    assert_eq!(
        drift
            .added
            .iter()
            .map(|a| a.id.as_str())
            .collect::<Vec<_>>(),
        ["a3"]
    );
    assert_eq!(drift.bindings.len(), 1);
    assert_eq!(drift.bindings[0].bind[0].id, "g1");
    assert_eq!(drift.bindings[0].unbind[0].id, "g2");
    let text = drift_text(&drift, false);
    assert!(
        text.contains("ACS URL: \"https://drifted/acs\" -> \"https://a/acs\""),
        "{text}"
    );
    assert!(text.contains("apply --delete"), "{text}");
}

#[test]
fn an_application_made_anew_is_matched_by_connector_and_label() {
    let then = OrgSync {
        applications: vec![app("a1", "Zoom", "https://a/acs")],
        user_groups: vec![],
        bindings: vec![],
    };
    let snapshot = snapshot_of(&then);
    let now = OrgSync {
        applications: vec![app("b9", "Zoom", "https://a/acs")],
        user_groups: vec![],
        bindings: vec![],
    };
    assert!(compare(&snapshot, &now).is_empty());
}
