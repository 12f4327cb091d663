//! The assertion an application would send for one user, attribute for attribute, following
//! docs/attribute-encoding.md: each row that is switched on becomes one statement, database rows
//! in list order and then constants; the NameID is the user's `email` unless the application's
//! `config.subjectField.value` names another property. Empty (or whitespace-only) values are
//! flagged rather than dropped, because the service provider receives them as they are.

use super::compute::source_of;
use super::report::{AssertionPreview, AttributeStatement};
use super::snapshot::{OrgSnapshot, ValueRef};
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
    })
}
