//! An application's lifecycle: turning it on and off (its `active` flag) and deleting it.
//!
//! What it promises:
//! - activate and deactivate go through the edit engine's save (merge onto the fresh copy, full
//!   PUT, read back, change-log record), and say so when JumpCloud kept the other state: the
//!   flag is read back, never assumed;
//! - a delete needs the application's label typed back (trimmed; an application without a label
//!   is confirmed by its id), so an empty confirmation never deletes anything.

use serde::Serialize;
use serde_json::Value;

use crate::edits::{self, CertificateChange, ChangeLog, Outcome};
use crate::jumpcloud::{self, Client};

/// What activate or deactivate did, as JumpCloud holds it after the write.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ActiveState {
    /// `active` as read back.
    pub active: bool,
    /// Why the state is not the one asked for (JumpCloud kept it), when it is not.
    pub unchanged: Option<String>,
    /// JumpCloud issued a new IdP certificate with the change (also in the change log): the
    /// service provider needs the new metadata.
    pub certificate_changed: Option<CertificateChange>,
}

/// Why a lifecycle change was refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum LifecycleError {
    #[error(transparent)]
    Api(#[from] jumpcloud::Error),
    #[error("someone changed this application's state meanwhile; look again and retry")]
    Conflict,
    /// `field` names the input to fix.
    #[error("{message}")]
    Refused {
        field: &'static str,
        message: String,
    },
}

/// Turns the application on or off through the engine's save, recorded as `activate` or
/// `deactivate`, and reads the flag back.
pub async fn set_active(
    client: &Client,
    log: &ChangeLog,
    application_id: &str,
    active: bool,
) -> Result<ActiveState, LifecycleError> {
    let base = client.get_application(application_id).await?.into_value();
    let mut edited = base.clone();
    if let Some(obj) = edited.as_object_mut() {
        obj.insert("active".to_owned(), Value::Bool(active));
    }
    let action = if active { "activate" } else { "deactivate" };
    match edits::save(client, log, action, &base, &edited).await? {
        Outcome::Saved {
            stored,
            certificate,
            ..
        } => {
            // JumpCloud treats a missing flag as on.
            let now = stored
                .get("active")
                .and_then(Value::as_bool)
                .unwrap_or(true);
            Ok(ActiveState {
                active: now,
                unchanged: (now != active).then(|| {
                    format!(
                        "JumpCloud kept the application {}: the change did not take effect.",
                        if now { "active" } else { "deactivated" }
                    )
                }),
                certificate_changed: certificate,
            })
        }
        Outcome::Conflict { .. } => Err(LifecycleError::Conflict),
    }
}

/// What the admin must type to delete `application`: its label, or its id when it has none.
pub fn confirmation_of(application: &jumpcloud::Application) -> String {
    match application.display_label().map(str::trim) {
        Some(label) if !label.is_empty() => label.to_owned(),
        _ => application.id().unwrap_or_default().trim().to_owned(),
    }
}

/// Checks a delete: `typed` must be the application's confirmation (see [`confirmation_of`]),
/// and an open draft with unsaved changes needs `force`.
pub fn check_delete(
    application: &jumpcloud::Application,
    typed: &str,
    unsaved_draft: bool,
    force: bool,
) -> Result<(), LifecycleError> {
    let expected = confirmation_of(application);
    let typed = typed.trim();
    if typed.is_empty() || expected.is_empty() || typed != expected {
        let what = if application
            .display_label()
            .is_some_and(|l| !l.trim().is_empty())
        {
            "label"
        } else {
            "id (it has no label)"
        };
        return Err(LifecycleError::Refused {
            field: "confirmLabel",
            message: format!("type the application's {what}, {expected}, to delete it"),
        });
    }
    if unsaved_draft && !force {
        return Err(LifecycleError::Refused {
            field: "force",
            message: "a draft with unsaved changes is open for this application; deleting it \
                      discards the draft too"
                .to_owned(),
        });
    }
    Ok(())
}

/// The organisation an application belongs to: its `organization` field, else the connection's.
pub async fn organization_of(
    client: &Client,
    application_id: &str,
) -> Result<Option<String>, jumpcloud::Error> {
    let app = client.get_application(application_id).await?;
    if let Some(org) = app
        .json()
        .get("organization")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
    {
        return Ok(Some(org.to_owned()));
    }
    Ok(client
        .who_am_i()
        .await?
        .organization
        .map(|o| o.id)
        .filter(|id| !id.is_empty()))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::jumpcloud::Application;

    fn app(label: Option<&str>) -> Application {
        let mut v = json!({"_id": "5f0000000000000000000009", "name": "custom-saml-app"});
        if let Some(l) = label {
            v["displayLabel"] = json!(l);
        }
        Application::from_json(v).expect("an application")
    }

    #[test]
    fn a_delete_needs_the_label_or_the_id_typed_never_nothing() {
        let labelled = app(Some("Payroll"));
        for typed in ["", "   ", "payroll", "Pay"] {
            assert!(
                matches!(
                    check_delete(&labelled, typed, false, false),
                    Err(LifecycleError::Refused {
                        field: "confirmLabel",
                        ..
                    })
                ),
                "{typed:?} does not confirm"
            );
        }
        check_delete(&labelled, "  Payroll ", false, false).expect("the label, trimmed");

        for unlabelled in [app(None), app(Some("  "))] {
            let err = check_delete(&unlabelled, "", false, false).expect_err("empty");
            assert!(
                err.to_string().contains("5f0000000000000000000009"),
                "{err}"
            );
            check_delete(&unlabelled, "5f0000000000000000000009", false, false)
                .expect("the id confirms an application without a label");
        }
        assert!(matches!(
            check_delete(&labelled, "Payroll", true, false),
            Err(LifecycleError::Refused { field: "force", .. })
        ));
        check_delete(&labelled, "Payroll", true, true).expect("forced");
    }
}
