//! The add / edit connection form: what the admin typed, checked into a connection to store, and
//! one cheap request that says whether its credentials work, its failures in the admin's words.
//!
//! The secret the admin types arrives once, in a [`ConnectionDraft`], as a [`TypedSecret`] that
//! becomes a [`Secret`] at once. No type here could carry it back. Editing a connection without
//! retyping its secret may reuse the stored one only when the secret would go where it went
//! before: same endpoint, same credential kind, same client id ([`may_reuse_secret`]), so a key
//! is never sent to a host the admin just typed.

use serde::{Deserialize, Serialize};

use super::session::credentials;
use super::settings::{new_connection_id, CredentialKind, StoredConnection};
use crate::jumpcloud::{self, ConnectionOptions, Endpoint};
use crate::secret::Secret;

/// A secret as typed in the form. It can be received but never sent back: no `Serialize`, and its
/// `Debug` is redacted.
#[derive(Deserialize, specta::Type)]
#[serde(transparent)]
pub struct TypedSecret(String);

impl std::fmt::Debug for TypedSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

impl TypedSecret {
    pub fn new(secret: impl Into<String>) -> Self {
        Self(secret.into())
    }

    /// The secret, unless the field was left blank.
    fn into_secret(self) -> Option<Secret> {
        let secret = Secret::new(self.0.trim());
        (!secret.is_blank()).then_some(secret)
    }
}

/// The credential part of the form.
#[derive(Debug, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum CredentialInput {
    /// `key` blank or absent when editing keeps the stored key (see the module notes).
    ApiKey { key: Option<TypedSecret> },
    #[serde(rename_all = "camelCase")]
    ServiceAccount {
        client_id: String,
        client_secret: Option<TypedSecret>,
    },
}

/// The add / edit form as the admin filled it in.
#[derive(Debug, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionDraft {
    /// The stored connection being edited; `None` for a new one.
    pub id: Option<String>,
    pub name: String,
    pub endpoint: Endpoint,
    pub credential: CredentialInput,
    /// The organisation, for multi-tenant admins; blank for none.
    pub org_id: Option<String>,
}

/// What "Test connection" learnt.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionCheck {
    pub organization_id: Option<String>,
    pub organization_name: Option<String>,
    /// How many organisations the credentials can act on (more than one: multi-tenant).
    pub organization_count: u32,
    /// A multi-tenant administrator's key with no organisation given: every request must name
    /// one, even when the provider has a single client organisation.
    pub provider: bool,
}

/// Why the form cannot be used as it is.
#[derive(Debug, thiserror::Error)]
pub enum FormError {
    /// `field` names the input to fix.
    #[error("{message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    #[error(transparent)]
    Api(#[from] jumpcloud::Error),
}

fn invalid(field: &'static str, message: &str) -> FormError {
    FormError::Invalid {
        field,
        message: message.to_owned(),
    }
}

/// The form, checked: the connection to store (`existing` is the stored connection being edited,
/// found by the caller), the secret if one was typed, and the field the secret was typed in.
pub fn checked_form(
    draft: ConnectionDraft,
    existing: Option<&StoredConnection>,
) -> Result<(StoredConnection, Option<Secret>, &'static str), FormError> {
    let name = draft.name.trim().to_owned();
    if name.is_empty() {
        return Err(invalid("name", "Give the connection a name."));
    }
    let endpoint = match draft.endpoint {
        Endpoint::Custom(url) => {
            let url = jumpcloud::validate_base_url(&url)?;
            Endpoint::Custom(url.as_str().trim_end_matches('/').to_owned())
        }
        region => region,
    };
    let org_id = draft
        .org_id
        .map(|o| o.trim().to_owned())
        .filter(|o| !o.is_empty());
    if org_id
        .as_deref()
        .is_some_and(|org| !jumpcloud::is_org_id(org))
    {
        return Err(invalid(
            "orgId",
            "An organisation id is 24 hexadecimal digits (0-9, a-f).",
        ));
    }
    let (credential, typed, field) = match draft.credential {
        CredentialInput::ApiKey { key } => (
            CredentialKind::ApiKey,
            key.and_then(TypedSecret::into_secret),
            "key",
        ),
        CredentialInput::ServiceAccount {
            client_id,
            client_secret,
        } => {
            let client_id = client_id.trim().to_owned();
            if client_id.is_empty() {
                return Err(invalid("clientId", "Type the service account's client id."));
            }
            (
                CredentialKind::ServiceAccount { client_id },
                client_secret.and_then(TypedSecret::into_secret),
                "clientSecret",
            )
        }
    };
    let stored = StoredConnection {
        id: match (&draft.id, existing) {
            (Some(_), Some(existing)) => existing.id.clone(),
            _ => new_connection_id(),
        },
        name,
        endpoint,
        credential,
        org_id,
        org_name: existing.and_then(|e| e.org_name.clone()),
        provider: false,
    };
    Ok((stored, typed, field))
}

/// Whether the stored secret of `existing` may be sent for `edited`: only where it went before.
/// `field` is the secret's input, named in the refusal.
pub fn may_reuse_secret(
    existing: Option<&StoredConnection>,
    edited: &StoredConnection,
    field: &'static str,
) -> Result<(), FormError> {
    let Some(existing) = existing else {
        return Err(invalid(field, "Type the secret."));
    };
    if existing.endpoint != edited.endpoint || existing.credential != edited.credential {
        return Err(invalid(
            field,
            "The address or the kind of credential changed: type the secret again, so it is only \
             ever sent where you mean it to go.",
        ));
    }
    Ok(())
}

/// A failed check, worded for the admin: the client's error, with what it means here.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct CheckError {
    pub error: jumpcloud::Error,
    pub message: String,
    /// The input to fix, when one is to blame.
    pub field: Option<&'static str>,
}

/// One cheap request with the connection's credentials.
pub async fn check(
    stored: &StoredConnection,
    secret: Secret,
) -> Result<ConnectionCheck, CheckError> {
    let client = jumpcloud::Client::new(
        &stored.endpoint,
        credentials(&stored.credential, secret, stored.org_id.clone()),
        ConnectionOptions::default(),
    )
    .map_err(|error| explain(error, stored))?;
    let identity = client
        .who_am_i()
        .await
        .map_err(|err| explain(err, stored))?;
    // Several organisations without one chosen is a provider's key; a single one may be a
    // provider's too (one client organisation), which a request without `x-org-id` tells.
    let provider = stored.org_id.is_none()
        && (identity.organization_count > 1
            || (identity.organization_count == 1
                && !client
                    .acts_without_org_id()
                    .await
                    .map_err(|err| explain(err, stored))?));
    Ok(ConnectionCheck {
        organization_id: identity.organization.as_ref().map(|o| o.id.clone()),
        organization_name: identity.organization.and_then(|o| o.display_name),
        organization_count: identity.organization_count,
        provider,
    })
}

/// JumpCloud answers a bad organisation id with 400 (malformed), 404 (unknown) or 403 (not
/// allowed), and a key from another region with 401: say so.
fn explain(error: jumpcloud::Error, stored: &StoredConnection) -> CheckError {
    use jumpcloud::Error as E;
    let has_org = stored.org_id.is_some();
    let (message, field) = match &error {
        E::Unauthorized { .. } => (
            match stored.endpoint {
                Endpoint::Region(_) => format!(
                    "{error}. The key was rejected (401). If the organisation lives in another \
                     region (US, EU, IN), choose that region: each region's host knows only its \
                     own organisations."
                ),
                Endpoint::Custom(_) => format!("{error}. The key was rejected (401)."),
            },
            None,
        ),
        E::BadRequest { status: 400, .. } if has_org => (
            format!("{error}. The organisation id is malformed (JumpCloud's are 24 hex digits)."),
            Some("orgId"),
        ),
        E::NotFound { .. } if has_org => (
            format!("{error}. JumpCloud knows no organisation with this id."),
            None,
        ),
        E::Forbidden { .. } if has_org => (
            format!("{error}. This key may not act on that organisation."),
            None,
        ),
        _ => (error.to_string(), None),
    };
    CheckError {
        error,
        message,
        field,
    }
}
