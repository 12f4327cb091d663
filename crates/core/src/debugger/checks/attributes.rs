//! The attribute lines: JIT-required attributes, names against the application's rows, the group
//! attribute, the user, and agreement with the preview.

use super::model::CheckOutcome::{Fail, Pass, Skip};
use super::model::{line, ApplicationFacts, ApplicationTab, CheckKind, CheckLine, Inputs};
use crate::debugger::parse::AssertionFields;
use crate::readiness::AssertionPreview;

/// The values sent under `name`, if it was sent.
fn sent<'a>(a: &'a AssertionFields, name: &str) -> Option<&'a [String]> {
    a.attributes
        .iter()
        .find(|x| x.name == name)
        .map(|x| x.values.as_slice())
}

pub(super) fn jit_line(
    a: &AssertionFields,
    app: &ApplicationFacts,
    preview: Option<&AssertionPreview>,
) -> CheckLine {
    let label = "JIT-required attributes";
    let Some(preview) = preview else {
        return line(
            CheckKind::JitAttributes,
            label,
            Skip,
            "the application's attribute rows could not be read",
        );
    };
    let mut required: Vec<&str> = preview
        .attributes
        .iter()
        .filter(|s| s.jit_required)
        .map(|s| &*s.name)
        .chain(preview.jit_not_sent.iter().map(|n| &**n))
        .collect();
    required.dedup();
    if required.is_empty() {
        let why = if app.jit {
            "the connector requires no attribute for JIT"
        } else {
            "the connector does not do JIT provisioning"
        };
        return line(CheckKind::JitAttributes, label, Pass, why);
    }
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|n| sent(a, n).is_none())
        .collect();
    let empty: Vec<&str> = required
        .iter()
        .copied()
        .filter(|n| sent(a, n).is_some_and(|v| v.iter().all(|x| x.trim().is_empty())))
        .collect();
    if missing.is_empty() && empty.is_empty() {
        return line(
            CheckKind::JitAttributes,
            label,
            Pass,
            format!("all present and non-empty: {}", required.join(", ")),
        );
    }
    let mut detail = Vec::new();
    if !empty.is_empty() {
        detail.push(format!("sent empty: {}", empty.join(", ")));
    }
    if !missing.is_empty() {
        detail.push(format!("not sent: {}", missing.join(", ")));
    }
    let (fix, tab) = if missing.is_empty() {
        (
            format!("The user's value for {} is empty in JumpCloud: fill it in (JIT readiness lists every user it affects)", empty.join(", ")),
            ApplicationTab::Readiness,
        )
    } else {
        (
            format!(
                "Map {} to a user property on the User attributes tab",
                missing.join(", ")
            ),
            ApplicationTab::Attributes,
        )
    };
    line(
        CheckKind::JitAttributes,
        label,
        Fail,
        format!("JIT needs them non-empty; {}", detail.join("; ")),
    )
    .fix(fix, Some(tab))
}

pub(super) fn names_line(
    a: &AssertionFields,
    preview: Option<&AssertionPreview>,
    app: &ApplicationFacts,
) -> CheckLine {
    let label = "Attribute names";
    let Some(preview) = preview else {
        return line(
            CheckKind::AttributeNames,
            label,
            Skip,
            "the application's attribute rows could not be read",
        );
    };
    let mut rows: Vec<&str> = preview.attributes.iter().map(|s| &*s.name).collect();
    if let (true, Some(g)) = (app.include_groups, &app.groups_attribute) {
        rows.push(g);
    }
    let sent: Vec<&str> = a.attributes.iter().map(|x| x.name.as_str()).collect();
    let describe =
        |name: &str, others: &[&str]| match others.iter().find(|o| o.eq_ignore_ascii_case(name)) {
            Some(near) => format!("{name} (the other side says {near}: names are case-sensitive)"),
            None => name.to_owned(),
        };
    let extra: Vec<String> = sent
        .iter()
        .filter(|n| !rows.contains(n))
        .map(|n| describe(n, &rows))
        .collect();
    let absent: Vec<String> = rows
        .iter()
        .filter(|n| !sent.contains(n))
        .map(|n| describe(n, &sent))
        .collect();
    if extra.is_empty() && absent.is_empty() {
        return line(
            CheckKind::AttributeNames,
            label,
            Pass,
            format!("the {} names sent are the application's rows", sent.len()),
        );
    }
    let mut detail = Vec::new();
    if !extra.is_empty() {
        detail.push(format!(
            "sent but not a row of the application now: {}",
            extra.join(", ")
        ));
    }
    if !absent.is_empty() {
        detail.push(format!(
            "a row of the application now but not sent: {}",
            absent.join(", ")
        ));
    }
    line(CheckKind::AttributeNames, label, Fail, detail.join("; "))
        .fix("The rows changed since the response was made, or the names differ from what the service provider expects: compare on the User attributes tab", Some(ApplicationTab::Attributes))
}

pub(super) fn group_line(a: &AssertionFields, app: &ApplicationFacts) -> CheckLine {
    let label = "Group attribute";
    match (app.include_groups, &app.groups_attribute) {
        (true, Some(name)) => match sent(a, name) {
            Some(values) => line(CheckKind::GroupAttribute, label, Pass, format!("{name}: {}", if values.is_empty() { "no group".to_owned() } else { values.join(", ") })),
            None => line(CheckKind::GroupAttribute, label, Fail, format!("the application sends the user's groups as {name}, but the response has no such attribute"))
                .fix("Check Include group attribute and its name on the Single sign-on tab", Some(ApplicationTab::Sso)),
        },
        _ => line(CheckKind::GroupAttribute, label, Pass, "the application sends no group attribute"),
    }
}

pub(super) fn user_line(a: &AssertionFields, inputs: &Inputs) -> CheckLine {
    let label = "User";
    let name_id = a.name_id.as_deref().unwrap_or("");
    let app = inputs
        .application
        .map(|a| a.label.as_str())
        .unwrap_or("the application");
    match inputs.user {
        None => line(
            CheckKind::User,
            label,
            Fail,
            format!("no JumpCloud user has {} {name_id}", inputs.name_id_property),
        )
        .fix("The NameID is read from the property named on the Single sign-on tab (SAMLSubject NameID); check it, and the user's record", Some(ApplicationTab::Sso)),
        Some(u) if !u.bound => line(CheckKind::User, label, Fail, format!("{} exists but is not bound to {app}", u.label))
            .fix("Bind the user, or a group they are in, to the application (User groups)", None),
        Some(u) => line(CheckKind::User, label, Pass, format!("{} exists and is bound to {app}", u.label)),
    }
}

pub(super) fn preview_line(a: &AssertionFields, inputs: &Inputs) -> CheckLine {
    let label = "Agrees with the preview";
    let (Some(preview), Some(_)) = (inputs.preview, inputs.user) else {
        return line(CheckKind::Preview, label, Skip, "no user to preview");
    };
    let mut differences = Vec::new();
    if a.name_id.as_deref().unwrap_or("") != preview.name_id {
        differences.push(format!(
            "NameID: sent {:?}, now {:?}",
            a.name_id.as_deref().unwrap_or(""),
            preview.name_id
        ));
    }
    for statement in &preview.attributes {
        if let Some(values) = sent(a, &statement.name) {
            let value = values.join(", ");
            if value != statement.value {
                differences.push(format!(
                    "{}: sent {value:?}, now {:?}",
                    statement.name, statement.value
                ));
            }
        }
    }
    if differences.is_empty() {
        line(
            CheckKind::Preview,
            label,
            Pass,
            "the values sent are what the application sends for this user now",
        )
    } else {
        line(
            CheckKind::Preview,
            label,
            Fail,
            format!(
                "the settings or the user changed since: {}",
                differences.join("; ")
            ),
        )
        .fix(
            "See what is sent now on the Assertion preview tab",
            Some(ApplicationTab::Preview),
        )
    }
}
