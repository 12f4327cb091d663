//! An application made anew from a stored copy (the last version of a deleted application, a file
//! of a snapshot that the organisation lacks), with its user groups bound again.
//!
//! What it promises ([`recreate`]):
//! - The new application has the stored copy's connector (`name`), label, settings and attribute
//!   rows, and nothing JumpCloud owns ([`crate::edits::target::OWNED`]): JumpCloud gives it new
//!   ids, a new IdP certificate and key, and a new SSO URL, so the service provider needs the new
//!   metadata. No certificate or key from a stored copy is ever sent.
//! - It is created by the same create the "Create New Application Integration" workflow uses
//!   ([`Client::create_application`]: never two, even when the answer is lost), read back, and
//!   recorded in the change log with what JumpCloud stored differently
//!   ([`created_differently`]).
//! - Each given user group is bound and recorded, then the bindings are read back: a group that
//!   is not bound afterwards is returned in [`Recreated::unbound`], never silent.

use serde_json::{Map, Value};

use crate::edits::json_diff::FieldChange;
use crate::edits::target::without_owned;
use crate::edits::ChangeLog;
use crate::jumpcloud::{self, create_body, Application, Client};
use crate::new_application::created_differently;
use crate::sso::without_private_key;

/// What a recreate did.
#[derive(Debug, Clone, PartialEq)]
pub struct Recreated {
    /// The new application as read back, without the private key.
    pub application: Value,
    /// What JumpCloud stored differently from what was sent (empty when it kept it all).
    pub differences: Vec<FieldChange>,
    /// The groups bound, as the read-back shows them.
    pub bound: Vec<String>,
    /// The groups asked for that the read-back does not show bound.
    pub unbound: Vec<String>,
}

impl Recreated {
    /// The new application's id.
    pub fn id(&self) -> &str {
        self.application
            .get("_id")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }
}

/// Why a recreate could not run or failed.
#[derive(Debug, thiserror::Error)]
pub enum RecreateError {
    /// The stored copy cannot make an application (no connector or no label); nothing was sent.
    #[error("{0}")]
    Unusable(String),
    #[error(transparent)]
    Api(#[from] jumpcloud::Error),
}

/// The new application a stored copy makes: its content without what JumpCloud owns, with its
/// connector's name and an empty SSO URL (the spec requires the field; JumpCloud issues the URL,
/// as it does for a template's application).
pub fn new_application_from(stored: &Value) -> Result<Application, RecreateError> {
    let name = stored
        .get("name")
        .and_then(Value::as_str)
        .filter(|n| !n.trim().is_empty())
        .ok_or_else(|| {
            RecreateError::Unusable(
                "The stored copy names no connector (its `name`): it cannot be created again."
                    .into(),
            )
        })?;
    let label_ok = stored
        .get("displayLabel")
        .and_then(Value::as_str)
        .is_some_and(|l| !l.trim().is_empty());
    if !label_ok {
        return Err(RecreateError::Unusable(
            "The stored copy has no label: it cannot be created again.".into(),
        ));
    }
    let Value::Object(content) = without_owned(stored) else {
        return Err(RecreateError::Unusable(
            "The stored copy is not an application.".into(),
        ));
    };
    let mut body = Map::new();
    body.insert("name".into(), Value::String(name.to_owned()));
    body.extend(content);
    body.insert("ssoUrl".into(), Value::String(String::new()));
    Application::from_json(Value::Object(body))
        .ok_or_else(|| RecreateError::Unusable("The stored copy is not an application.".into()))
}

/// An application that already holds `app`'s content apart from what JumpCloud owns (same
/// connector and label): a recreate whose answer was lost and that is tried again (a restore of a
/// deleted application the admin retries) finds it instead of making a second one.
async fn already_recreated(
    client: &Client,
    app: &Application,
) -> Result<Option<Application>, jumpcloud::Error> {
    let filter = jumpcloud::ApplicationFilter {
        name: app.name().map(str::to_owned),
        display_label: app.display_label().map(str::to_owned),
    };
    let wanted = without_owned(&app.to_value());
    Ok(client
        .find_applications(&filter)
        .await?
        .into_iter()
        .find(|a| without_owned(&a.to_value()) == wanted))
}

/// Creates an application anew from `stored` and binds `groups` to it, recording each write in
/// `log` (the create as `action`). See the module notes.
pub async fn recreate(
    client: &Client,
    log: &ChangeLog,
    action: &str,
    stored: &Value,
    groups: &[String],
) -> Result<Recreated, RecreateError> {
    let app = new_application_from(stored)?;
    let created = match already_recreated(client, &app).await? {
        Some(found) => found,
        None => client.create_application(&app).await?,
    };
    let id = created
        .id()
        .ok_or_else(|| jumpcloud::Error::Invalid {
            message: "JumpCloud answered the create without an id".into(),
        })?
        .to_owned();
    let read_back = client.get_application(&id).await?.into_value();
    let differences = created_differently(&create_body(&app), &read_back);
    record(log, action, &id, None, differences.clone());

    for group in groups {
        client.bind_group(&id, group).await?;
        record(log, "bind", &id, Some(group), Vec::new());
    }
    let edges = client.application_associations(&id).await?;
    let bound: Vec<String> = edges
        .into_iter()
        .filter(|e| e.to.kind == "user_group")
        .map(|e| e.to.id)
        .collect();
    let unbound: Vec<String> = groups
        .iter()
        .filter(|g| !bound.contains(g))
        .cloned()
        .collect();
    if !unbound.is_empty() {
        tracing::warn!(
            application = %id,
            groups = unbound.len(),
            "user groups are not bound after a recreate"
        );
    }
    Ok(Recreated {
        application: without_private_key(read_back),
        differences,
        bound,
        unbound,
    })
}

/// Records a verified write; the write succeeded, so a log that cannot be written is only
/// reported in the app's log.
fn record(
    log: &ChangeLog,
    action: &str,
    id: &str,
    detail: Option<&str>,
    differences: Vec<FieldChange>,
) {
    if let Err(err) = log.record(action, id, detail, differences) {
        tracing::warn!("the change log was not written: {err}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_new_application_carries_the_content_and_nothing_jumpcloud_owns() {
        let stored = json!({
            "_id": "old", "id": "old", "organization": "org", "created": "2020-01-01T00:00:00.000Z",
            "name": "zoom", "parentApp": "tpl", "displayLabel": "Zoom", "active": true,
            "ssoUrl": "https://sso.jumpcloud.com/saml2/zoom-old",
            "config": {
                "acsUrl": {"value": "https://zoom.example.com/acs"},
                "idpCertificate": {"value": "-----BEGIN CERTIFICATE-----\nOLD\n-----END CERTIFICATE-----"},
                "idpPrivateKey": {"value": "OLD-KEY"}
            },
            "sso": {"type": "saml", "jit": true, "idpCertExpirationAt": "2030-01-01T00:00:00.000Z"}
        });
        let body = create_body(&new_application_from(&stored).expect("usable"));
        assert_eq!(body["name"], "zoom", "the same connector");
        assert_eq!(body["displayLabel"], "Zoom");
        assert_eq!(
            body["config"]["acsUrl"]["value"],
            "https://zoom.example.com/acs"
        );
        assert_eq!(body["sso"], json!({"type": "saml", "jit": true}));
        assert_eq!(body["ssoUrl"], "", "JumpCloud issues a new SSO URL");
        for gone in ["/_id", "/id", "/organization", "/created", "/parentApp"] {
            assert!(body.pointer(gone).is_none(), "{gone} is JumpCloud's");
        }
        let text = body.to_string();
        assert!(
            !text.contains("OLD-KEY") && !text.contains("CERTIFICATE"),
            "{text}"
        );
    }

    #[test]
    fn a_stored_copy_without_connector_or_label_is_refused() {
        let no_name = json!({"displayLabel": "Zoom", "config": {}});
        assert!(matches!(
            new_application_from(&no_name),
            Err(RecreateError::Unusable(_))
        ));
        let no_label = json!({"name": "zoom", "displayLabel": " ", "config": {}});
        assert!(matches!(
            new_application_from(&no_label),
            Err(RecreateError::Unusable(_))
        ));
    }
}
