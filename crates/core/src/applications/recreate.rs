//! Bringing an application back from a stored copy (its last version in history, a snapshot's
//! file): created anew with the same connector, label, settings and attributes, and its user
//! groups bound again.
//!
//! JumpCloud gives the new application its own id, IdP certificate and key, and SSO URL: those are
//! never sent from the stored copy (see [`crate::edits::target::OWNED`]; the IdP entity ID, which
//! the service provider knows, is kept). The service provider therefore needs the new metadata.

use serde_json::Value;

use crate::jumpcloud::{Application, ApplicationFilter, Client, Error};
use crate::sso::strip_private_key;

/// What JumpCloud issues anew; everything else of the stored copy is sent.
const ISSUED: &[&[&str]] = &[
    &["_id"],
    &["id"],
    &["organization"],
    &["created"],
    &["ssoUrl"],
    &["config", "idpCertificate"],
    &["config", "idpPrivateKey"],
    &["sso", "idpCertExpirationAt"],
    &["sso", "idpCertificateUpdatedAt"],
    &["sso", "idpPrivateKeyUpdatedAt"],
];

/// What a recreate did.
#[derive(Debug, Clone, PartialEq)]
pub struct Recreated {
    /// The new application, as JumpCloud stored it.
    pub application: Application,
    /// The groups bound again.
    pub bound: Vec<String>,
    /// The groups that could not be bound (deleted meanwhile, say), each with why.
    pub not_bound: Vec<(String, String)>,
}

/// The body a recreate sends for `stored`: the stored copy without what JumpCloud issues.
pub fn recreate_body(stored: &Value) -> Value {
    let mut body = stored.clone();
    for path in ISSUED {
        let Some((last, parents)) = path.split_last() else {
            continue;
        };
        let parent = parents.iter().try_fold(&mut body, |v, k| v.get_mut(*k));
        if let Some(obj) = parent.and_then(Value::as_object_mut) {
            obj.shift_remove(*last);
        }
    }
    strip_private_key(&mut body);
    body
}

/// An application that already holds `stored`'s content apart from what JumpCloud issues (same
/// connector and label): a restore whose answer was lost, found again instead of made twice.
pub async fn already_recreated(
    client: &Client,
    stored: &Value,
) -> Result<Option<Application>, Error> {
    let text = |k: &str| stored.get(k).and_then(Value::as_str).map(str::to_owned);
    let filter = ApplicationFilter {
        name: text("name"),
        display_label: text("displayLabel"),
    };
    let wanted = recreate_body(stored);
    Ok(client
        .find_applications(&filter)
        .await?
        .into_iter()
        .find(|a| recreate_body(&a.to_value()) == wanted))
}

/// Creates the application anew from `stored` and binds `groups` to it (see the module notes).
/// Never twice: an application already holding the stored content (an earlier try whose answer
/// was lost) is taken instead, and the create itself never doubles
/// ([`Client::create_application`]). A group that cannot be bound is reported, not fatal: the
/// application exists by then; binding an already bound group is fine.
pub async fn recreate(
    client: &Client,
    stored: &Value,
    groups: &[String],
) -> Result<Recreated, Error> {
    let body = Application::from_json(recreate_body(stored)).ok_or_else(|| Error::Invalid {
        message: "the stored copy is not an application".into(),
    })?;
    let created = match already_recreated(client, stored).await? {
        Some(found) => found,
        None => client.create_application(&body).await?,
    };
    let id = created.id().unwrap_or_default().to_owned();
    let mut bound = Vec::new();
    let mut not_bound = Vec::new();
    for group in groups {
        match client.bind_group(&id, group).await {
            Ok(()) => bound.push(group.clone()),
            Err(err) => not_bound.push((group.clone(), err.to_string())),
        }
    }
    Ok(Recreated {
        application: created,
        bound,
        not_bound,
    })
}
