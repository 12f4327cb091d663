//! The assertion an application would send for one user, attribute for attribute, following
//! docs/attribute-encoding.md: each row that is switched on becomes one statement, database rows
//! in list order and then constants; the NameID is the user's `email` unless the application's
//! `config.subjectField.value` names another property. Empty (or whitespace-only) values are
//! flagged rather than dropped, because the service provider receives them as they are.

use serde_json::Value;

use super::compute::source_of;
use std::sync::Arc;

use super::report::{AssertionPreview, AttributeStatement, GroupStatement};
use super::snapshot::{ApplicationInput, CompiledApplication, JitFacts, OrgSnapshot, ValueRef};
use super::ReadinessError;

/// Previews what the application sends for the user.
pub fn preview_assertion(
    snapshot: &OrgSnapshot,
    application_id: &str,
    user_id: &str,
) -> Result<AssertionPreview, ReadinessError> {
    let app = snapshot.application(application_id)?;
    let user = snapshot.user(user_id)?;
    let attributes = app
        .rows
        .iter()
        .filter(|row| row.on)
        .map(|row| {
            let value = snapshot.text(&row.value, user);
            AttributeStatement {
                name: row.name.clone(),
                empty: value.trim().is_empty(),
                value: value.to_owned(),
                source: source_of(&row.value),
                jit_required: row.jit_required,
            }
        })
        .collect();
    let name_id = snapshot.text(&app.name_id, user);
    let name_id_property = match &app.name_id {
        ValueRef::Property(p, _) | ValueRef::Custom(p, _) | ValueRef::Constant(p, _) => p.clone(),
    };
    let jit_not_sent = app
        .rows
        .iter()
        .filter(|r| r.jit_required && !r.on)
        .map(|r| r.name.clone())
        .chain(app.unmapped.iter().cloned())
        .collect();
    Ok(AssertionPreview {
        application_id: app.id.clone(),
        user_id: snapshot
            .users
            .get(user as usize)
            .map(|u| u.id.clone())
            .unwrap_or_else(|| user_id.into()),
        name_id_empty: name_id.trim().is_empty(),
        name_id: name_id.to_owned(),
        name_id_property,
        attributes,
        jit_not_sent,
        groups: app.group_attribute.as_ref().map(|name| GroupStatement {
            name: name.clone(),
            values: groups_reaching(snapshot, app, user),
        }),
    })
}

/// The names of the user's groups that reach `app` (see [`GroupStatement::values`]).
fn groups_reaching(
    snapshot: &OrgSnapshot,
    app: &CompiledApplication,
    user: crate::readiness::columns::UserIndex,
) -> Vec<Arc<str>> {
    let count = snapshot.groups.len();
    // Every group bound to the application or nested in one that is.
    let mut bound = vec![false; count];
    let mut stack: Vec<u32> = app.groups.clone();
    while let Some(g) = stack.pop() {
        let Some(slot) = bound.get_mut(g as usize) else {
            continue;
        };
        if !*slot {
            *slot = true;
            if let Some(group) = snapshot.groups.get(g as usize) {
                stack.extend(group.groups.iter().copied());
            }
        }
    }
    // Of those, the ones holding the user directly, then (to a fixed point) the ones holding
    // such a group.
    let mut holds: Vec<bool> = (0..count)
        .map(|g| bound[g] && snapshot.groups[g].users.contains(&user))
        .collect();
    loop {
        let mut grew = false;
        for g in 0..count {
            if bound[g]
                && !holds[g]
                && snapshot.groups[g]
                    .groups
                    .iter()
                    .any(|m| holds.get(*m as usize).copied().unwrap_or(false))
            {
                holds[g] = true;
                grew = true;
            }
        }
        if !grew {
            break;
        }
    }
    let mut names: Vec<Arc<str>> = (0..count)
        .filter(|g| holds[*g])
        .map(|g| snapshot.groups[g].name.clone())
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Previews an application that is not (or not yet) in a snapshot, such as a draft being edited:
/// `application` and `user` are v1 objects, `template` what the application's template requires
/// (`None` when it cannot be read: the rows' required flags decide).
pub fn preview_application(
    application: &Value,
    template: Option<&JitFacts>,
    user: &Value,
) -> Result<AssertionPreview, ReadinessError> {
    let mut builder = OrgSnapshot::builder();
    builder.systemuser(user)?;
    if let Some(template) = template {
        let name = application
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("");
        builder.template(name, template.clone());
    }
    builder.application(ApplicationInput {
        json: application.clone(),
        user_groups: Vec::new(),
        users: Vec::new(),
    });
    let snapshot = builder.build();
    let application_id = snapshot
        .application_ids()
        .next()
        .map(str::to_owned)
        .unwrap_or_default();
    let user_id = snapshot
        .users
        .first()
        .map(|u| u.id.to_string())
        .unwrap_or_default();
    preview_assertion(&snapshot, &application_id, &user_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn snapshot(include_groups: bool) -> OrgSnapshot {
        let mut b = OrgSnapshot::builder();
        for id in ["u1", "u2"] {
            b.systemuser(&json!({"_id": id, "email": format!("{id}@example.com"), "username": id}))
                .expect("user");
        }
        b.user_group_named("g-outer", "Engineering", vec![], vec!["g-inner".into()]);
        b.user_group_named("g-inner", "Platform", vec!["u1".into()], vec![]);
        b.user_group_named("g-other", "Sales", vec!["u1".into()], vec![]);
        b.user_group_named("g-support", "Support", vec!["u2".into()], vec![]);
        b.application(ApplicationInput {
            json: json!({"_id": "app", "name": "custom-saml-app", "config": {
                "databaseAttributes": {"value": [{"name": "mail", "value": "email"}]},
                "includeGroups": {"value": include_groups},
                "groupsAttributeName": {"value": "memberOf"}
            }}),
            user_groups: vec!["g-outer".into(), "g-support".into()],
            users: vec![],
        });
        b.build()
    }

    #[test]
    fn the_group_attribute_sends_the_groups_that_reach_the_application() {
        let preview = preview_assertion(&snapshot(true), "app", "u1").expect("preview");
        let groups = preview.groups.expect("groups are sent");
        assert_eq!(&*groups.name, "memberOf");
        let values: Vec<&str> = groups.values.iter().map(|v| &**v).collect();
        assert_eq!(
            values,
            ["Engineering", "Platform"],
            "the bound group reached through a nested one, and the nested one; not an unbound group"
        );
        let other = preview_assertion(&snapshot(true), "app", "u2").expect("preview");
        let other = other.groups.expect("sent");
        let values: Vec<&str> = other.values.iter().map(|v| &**v).collect();
        assert_eq!(values, ["Support"]);
        let off = preview_assertion(&snapshot(false), "app", "u1").expect("preview");
        assert_eq!(off.groups, None, "includeGroups off sends no groups");
    }
}
