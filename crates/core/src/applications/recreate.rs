//! Bringing an application back from a stored copy (its last version in history, a snapshot's
//! file): created anew with the same connector, label, settings and attributes, and its user
//! groups bound again.
//!
//! JumpCloud gives the new application its own id, IdP certificate and key, and SSO URL: those are
//! never sent from the stored copy (see [`crate::edits::target::OWNED`]; the IdP entity ID, which
//! the service provider knows, is kept). The service provider therefore needs the new metadata.

use serde_json::Value;

use crate::jumpcloud::{Application, Client, Error};
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

/// Creates the application anew from `stored` and binds `groups` to it (see the module notes).
/// The create never happens twice ([`Client::create_application`]); a group that cannot be bound
/// is reported, not fatal: the application exists by then.
pub async fn recreate(
    client: &Client,
    stored: &Value,
    groups: &[String],
) -> Result<Recreated, Error> {
    let body = Application::from_json(recreate_body(stored)).ok_or_else(|| Error::Invalid {
        message: "the stored copy is not an application".into(),
    })?;
    let created = client.create_application(&body).await?;
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
