//! What the create workflow shows and refuses, on the sandbox's own sample templates and on
//! hand-made ones for the edges.

use serde_json::{json, Value};

use super::*;
use crate::attributes::rules::{AttributeEdit, IssueCode};
use crate::attributes::Source;
use crate::jumpcloud::create_body;

fn zoom() -> Template {
    let raw = sso_desk_sandbox::sample_templates(1, sso_desk_sandbox::Size::Demo)
        .into_iter()
        .find(|t| t["name"] == "zoom")
        .expect("the sample catalog has Zoom");
    serde_json::from_value(raw).expect("a sample template decodes")
}

fn form(details: &TemplateDetails, label: &str) -> NewApplication {
    NewApplication {
        template_id: details.template_id.clone(),
        display_label: label.into(),
        description: String::new(),
        config: details
            .fields
            .iter()
            .map(|f| (f.key.clone(), f.value.clone()))
            .collect(),
        rows: details.rows.clone(),
    }
}

fn codes(issues: &[FieldIssue]) -> Vec<(&str, FieldIssueCode)> {
    issues.iter().map(|i| (i.field.as_str(), i.code)).collect()
}

#[test]
fn zoom_shows_its_form_in_order_and_its_jit_rows_on_and_locked() {
    let details = TemplateDetails::new(&zoom()).expect("Zoom has an id and a name");
    assert!(details.entry.supports_jit, "Zoom is labelled JIT");
    let keys: Vec<&str> = details.fields.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "acsUrl",
            "spEntityId",
            "idpEntityId",
            "spCertificate",
            "idpCertificate",
            "idpPrivateKey",
            "signAssertion",
            "signResponse",
            "subjectField",
            "overrideNameIdFormat",
            "signatureAlgorithm",
            "idpInitUrl",
            "defaultTargetUrl",
            "declareRedirectEndpoint",
            "spErrorFlow"
        ],
        "the form follows `position`; the attribute lists, the group attribute and \
         authClaimConfiguration (settings without a value of their own) are not form fields"
    );
    let acs = &details.fields[0];
    assert!(acs.url && acs.required && acs.label == "ACS URL");
    assert!(
        !details.fields[1].url,
        "an entity id is not checked as a URL"
    );
    let jit: Vec<&str> = details
        .rows
        .rows
        .iter()
        .filter(|r| r.jit_required && r.on)
        .map(|r| r.sp_name.as_str())
        .collect();
    for name in ["email", "firstName", "lastName", "department"] {
        assert!(
            jit.contains(&name),
            "{name} is JIT-required for Zoom and must start on: {jit:?}"
        );
    }
    assert!(details.rows.missing.is_empty(), "nothing left to add");
}

#[test]
fn jit_attributes_missing_from_the_form_are_added_switched_on() {
    let template: Template = serde_json::from_value(json!({
        "_id": "t1", "name": "acme", "displayName": "Acme",
        "sso": {"type": "saml", "jit": true},
        "jit": {"attributes": {"email": "email", "team": "department"}},
        "config": {"acsUrl": {"label": "ACS URL", "type": "url", "required": true, "value": ""},
                   "databaseAttributes": {"value": [{"name": "email", "value": "email", "visible": false}]}}
    }))
    .expect("decodes");
    let details = TemplateDetails::new(&template).expect("details");
    let rows: Vec<(&str, bool, bool)> = details
        .rows
        .rows
        .iter()
        .map(|r| (r.sp_name.as_str(), r.jit_required, r.on))
        .collect();
    assert_eq!(rows, [("email", true, true), ("team", true, true)]);
    assert_eq!(
        details.rows.rows[1].source,
        Source::Property("department".into()),
        "the template's default property"
    );
}

#[test]
fn each_step_says_what_is_wrong_next_to_the_field() {
    let template = zoom();
    let details = TemplateDetails::new(&template).expect("details");
    let mut new = form(&details, "  ");
    new.config
        .insert("acsUrl".into(), "http://zoom.example.com/acs".into());
    new.config.insert("spEntityId".into(), " ".into());
    new.rows = rules::apply(
        &new.rows,
        &AttributeEdit::AddRow {
            sp_name: String::new(),
            source: Source::Property("email".into()),
        },
    )
    .expect("a free row can be added");
    let issues = check(&template, &new, &[]);
    assert_eq!(
        codes(&issues.general),
        [("displayLabel", FieldIssueCode::LabelRequired)]
    );
    assert_eq!(
        codes(&issues.sso),
        [
            ("acsUrl", FieldIssueCode::NotHttps),
            ("spEntityId", FieldIssueCode::Required)
        ]
    );
    assert!(
        issues
            .attributes
            .iter()
            .any(|i| i.code == IssueCode::EmptySpName),
        "the attribute rules are the editor's: {:?}",
        issues.attributes
    );
    assert!(issues.blocks_create());

    new.display_label = "zoom (Sales)".into();
    new.config
        .insert("acsUrl".into(), "zoom.example.com/acs".into());
    let issues = check(&template, &new, &["Zoom (sales) ".into()]);
    assert_eq!(
        codes(&issues.general),
        [("displayLabel", FieldIssueCode::LabelTaken)]
    );
    assert_eq!(issues.sso[0].code, FieldIssueCode::NotAUrl);
    assert!(
        issues.general[0].message.contains("zoom (Sales)"),
        "the message names the label: {}",
        issues.general[0].message
    );
}

#[test]
fn a_good_form_passes_and_builds_the_body_that_is_sent() {
    let template = zoom();
    let details = TemplateDetails::new(&template).expect("details");
    let mut new = form(&details, " Zoom (Sales) ");
    new.description = "Sales team".into();
    new.config
        .insert("acsUrl".into(), "https://sales.zoom.example.com/acs".into());
    new.rows = rules::apply(
        &new.rows,
        &AttributeEdit::AddRow {
            sp_name: "team".into(),
            source: Source::Constant("sales".into()),
        },
    )
    .expect("a free row can be added");
    let issues = check(&template, &new, &["Zoom".into()]);
    assert!(!issues.blocks_create(), "nothing is wrong: {issues:?}");

    let body = create_body(&build(&template, &new));
    assert!(body.get("_id").is_none(), "the server assigns the id");
    assert_eq!(body["name"], "zoom", "linked to its template by name");
    assert_eq!(body["displayLabel"], "Zoom (Sales)", "the label is trimmed");
    assert_eq!(body["description"], "Sales team");
    assert_eq!(
        body["config"]["acsUrl"]["value"],
        "https://sales.zoom.example.com/acs"
    );
    assert_eq!(
        body["config"]["acsUrl"]["label"], "ACS URL",
        "metadata kept"
    );
    let database: Vec<&Value> = body["config"]["databaseAttributes"]["value"]
        .as_array()
        .expect("rows written")
        .iter()
        .collect();
    let department = database
        .iter()
        .find(|e| e["name"] == "department")
        .expect("the JIT-required department row is sent");
    assert_eq!(department["required"], true);
    assert_eq!(department["readOnly"], true);
    assert_eq!(
        body["config"]["constantAttributes"]["value"][0],
        json!({"name": "team", "value": "sales", "visible": true})
    );
    assert_eq!(
        body["config"]["signResponse"]["value"], true,
        "a checkbox stays a boolean"
    );
    assert_eq!(
        body["config"]["authClaimConfiguration"], template.config["authClaimConfiguration"],
        "a group of settings is sent as the template has it, no value written into it"
    );
}

#[test]
fn the_create_body_states_the_group_attribute() {
    let template = zoom();
    let details = TemplateDetails::new(&template).expect("details");
    assert_eq!(
        details.rows.groups,
        Some(crate::attributes::GroupAttribute::default()),
        "a new application starts without sending groups"
    );
    let mut new = form(&details, "Zoom (Groups)");
    new.rows = rules::apply(
        &new.rows,
        &AttributeEdit::SetGroupAttribute {
            on: true,
            name: String::new(),
        },
    )
    .expect("stored as typed");
    assert!(
        check(&template, &new, &[])
            .attributes
            .iter()
            .any(|i| i.code == IssueCode::EmptyGroupAttributeName),
        "an empty name blocks the create while groups are on"
    );
    new.rows = rules::apply(
        &new.rows,
        &AttributeEdit::SetGroupAttribute {
            on: true,
            name: "memberOf".into(),
        },
    )
    .expect("editable");
    assert!(!check(&template, &new, &[]).blocks_create());
    let body = create_body(&build(&template, &new));
    assert_eq!(body["config"]["includeGroups"]["value"], true);
    assert_eq!(body["config"]["groupsAttributeName"]["value"], "memberOf");

    let plain = create_body(&build(&template, &form(&details, "Zoom (Plain)")));
    assert_eq!(
        plain["config"]["includeGroups"]["value"], false,
        "both entries are stated when groups are off too"
    );
    assert_eq!(plain["config"]["groupsAttributeName"]["value"], "");
}
