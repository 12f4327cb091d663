//! Settings → Connections and the status bar: the active connection; add, test, save, switch and
//! remove JumpCloud connections; reset the sandbox's sample data.
//!
//! The secret the admin types arrives once, in a [`ConnectionDraft`], as a [`TypedSecret`] that
//! becomes a [`Secret`] at once. No reply type has a field that could carry it back, and every
//! error message comes from the client or the keyring, neither of which formats a secret.
//! Editing a connection without retyping its secret reuses the stored one only when the secret
//! would go where it went before: same endpoint, same credential kind, same client id. Anything
//! else asks for the secret again, so a key is never sent to a host the admin just typed.

use serde::{Deserialize, Serialize};

use super::{AppError, Desk};
use crate::connections::sandbox::SANDBOX_ORG_NAME;
use crate::connections::session::credentials;
use crate::connections::settings::{
    new_connection_id, CredentialKind, StoredConnection, SANDBOX_ID,
};
use crate::jumpcloud::{self, no_progress, ConnectionOptions, Endpoint};
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

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum ConnectionKind {
    /// The built-in sandbox with its sample organisation.
    Sandbox,
    /// A JumpCloud organisation stored in Settings → Connections.
    Jumpcloud,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ActiveConnection {
    pub id: String,
    pub name: String,
    pub kind: ConnectionKind,
    /// What the status bar shows, e.g. "Sandbox — sample data".
    pub label: String,
    /// Why the app is on the sandbox although another connection was chosen.
    pub problem: Option<String>,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AppStatus {
    pub version: String,
    pub connection: ActiveConnection,
}

/// What "Test connection" learnt.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionCheck {
    pub organization_id: Option<String>,
    pub organization_name: Option<String>,
    /// How many organisations the credentials can act on (more than one: multi-tenant).
    pub organization_count: u32,
}

/// An organisation the credentials can act on, for the picker.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OrganizationChoice {
    pub id: String,
    pub display_name: Option<String>,
}

/// One connection as Settings lists it. It has no field for a secret.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionView {
    pub id: String,
    pub name: String,
    pub kind: ConnectionKind,
    /// `None` for the sandbox.
    pub endpoint: Option<Endpoint>,
    pub credential: Option<CredentialKind>,
    pub org_id: Option<String>,
    pub org_name: Option<String>,
    pub active: bool,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionList {
    /// The sandbox first, then the stored connections in the order they were added.
    pub connections: Vec<ConnectionView>,
    pub active_id: String,
    /// Why the app is on the sandbox although another connection was chosen.
    pub problem: Option<String>,
}

/// Settings → Connections and the status bar.
pub struct Connections<'a>(pub(super) &'a Desk);

impl Connections<'_> {
    /// What the shell needs to draw itself: the active connection (opening it if needed).
    pub async fn status(&self) -> Result<AppStatus, AppError> {
        let session = self.0.session();
        session.connect().await?;
        let status = session.status().await;
        let (kind, label) = if status.id == SANDBOX_ID {
            (ConnectionKind::Sandbox, "Sandbox — sample data".to_owned())
        } else {
            (ConnectionKind::Jumpcloud, status.name.clone())
        };
        Ok(AppStatus {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            connection: ActiveConnection {
                id: status.id,
                name: status.name,
                kind,
                label,
                problem: status.problem,
            },
        })
    }

    /// The sandbox and every stored connection.
    pub async fn list(&self) -> ConnectionList {
        let session = self.0.session();
        let status = session.status().await;
        let settings = session.settings();
        let mut connections = vec![ConnectionView {
            id: SANDBOX_ID.to_owned(),
            name: "Sandbox".to_owned(),
            kind: ConnectionKind::Sandbox,
            endpoint: None,
            credential: None,
            org_id: None,
            org_name: Some(SANDBOX_ORG_NAME.to_owned()),
            active: status.id == SANDBOX_ID,
        }];
        connections.extend(settings.connections.into_iter().map(|c| ConnectionView {
            active: status.id == c.id,
            id: c.id,
            name: c.name,
            kind: ConnectionKind::Jumpcloud,
            endpoint: Some(c.endpoint),
            credential: Some(c.credential),
            org_id: c.org_id,
            org_name: c.org_name,
        }));
        ConnectionList {
            connections,
            active_id: status.id,
            problem: status.problem,
        }
    }

    /// Checks the form's credentials with one cheap request, saving nothing.
    pub async fn test(&self, draft: ConnectionDraft) -> Result<ConnectionCheck, AppError> {
        let (stored, secret, _) = self.resolve(draft).await?;
        check(&stored, secret).await
    }

    /// The organisations the form's credentials can act on, for multi-tenant admins.
    pub async fn organizations(
        &self,
        draft: ConnectionDraft,
    ) -> Result<Vec<OrganizationChoice>, AppError> {
        let (stored, secret, _) = self.resolve(draft).await?;
        let client = jumpcloud::Client::new(
            &stored.endpoint,
            credentials(&stored.credential, secret, None),
            ConnectionOptions::default(),
        )?;
        let found = client.list_organizations(&no_progress).await?;
        Ok(found
            .into_iter()
            .map(|o| OrganizationChoice {
                id: o.id,
                display_name: o.display_name,
            })
            .collect())
    }

    /// Tests the form's credentials and, only if they work, stores the secret in the keyring and
    /// the rest in the settings file. `activate` makes it the active connection.
    pub async fn save(
        &self,
        draft: ConnectionDraft,
        activate: bool,
    ) -> Result<ConnectionList, AppError> {
        let (mut stored, secret, typed) = self.resolve(draft).await?;
        let found = check(&stored, secret.clone()).await?;
        stored.org_name = found.organization_name;
        self.0
            .session()
            .save(stored, typed.then_some(secret), activate)
            .await?;
        Ok(self.list().await)
    }

    pub async fn switch(&self, id: &str) -> Result<ConnectionList, AppError> {
        self.0.session().switch(id).await?;
        Ok(self.list().await)
    }

    /// Removes a stored connection and deletes its secret from the keyring.
    pub async fn remove(&self, id: &str) -> Result<ConnectionList, AppError> {
        self.0.session().remove(id).await?;
        Ok(self.list().await)
    }

    /// Re-seeds the sandbox's sample organisation, discarding every change made to it.
    pub async fn reset_sample_data(&self) -> Result<(), AppError> {
        Ok(self.0.session().reset_sandbox().await?)
    }

    /// Checks the form and finds its secret: the one typed, or the stored one when editing and
    /// the secret would go where it went before. The flag says whether it was typed.
    async fn resolve(
        &self,
        draft: ConnectionDraft,
    ) -> Result<(StoredConnection, Secret, bool), AppError> {
        let name = draft.name.trim().to_owned();
        if name.is_empty() {
            return Err(AppError::invalid("name", "Give the connection a name."));
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
        if let Some(org) = &org_id {
            if !jumpcloud::is_org_id(org) {
                return Err(AppError::invalid(
                    "orgId",
                    "An organisation id is 24 hexadecimal digits (0-9, a-f).",
                ));
            }
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
                    return Err(AppError::invalid(
                        "clientId",
                        "Type the service account's client id.",
                    ));
                }
                (
                    CredentialKind::ServiceAccount { client_id },
                    client_secret.and_then(TypedSecret::into_secret),
                    "clientSecret",
                )
            }
        };
        let (id, existing) = match draft.id {
            Some(id) => {
                let existing = self
                    .0
                    .session()
                    .settings()
                    .connection(&id)
                    .cloned()
                    .ok_or_else(|| {
                        AppError::not_found(format!("There is no stored connection `{id}`."))
                    })?;
                (id, Some(existing))
            }
            None => (new_connection_id(), None),
        };
        let stored = StoredConnection {
            id,
            name,
            endpoint,
            credential,
            org_id,
            org_name: existing.as_ref().and_then(|e| e.org_name.clone()),
        };
        if let Some(secret) = typed {
            return Ok((stored, secret, true));
        }
        let Some(existing) = existing else {
            return Err(AppError::invalid(field, "Type the secret."));
        };
        if existing.endpoint != stored.endpoint || existing.credential != stored.credential {
            return Err(AppError::invalid(
                field,
                "The address or the kind of credential changed: type the secret again, so it \
                 is only ever sent where you mean it to go.",
            ));
        }
        let secret = self
            .0
            .session()
            .stored_secret(&stored.id)
            .await?
            .ok_or_else(|| {
                AppError::invalid(
                    field,
                    "Type the secret: none is stored for this connection.",
                )
            })?;
        Ok((stored, secret, false))
    }
}

/// One cheap request with the connection's credentials, its failures in the admin's words.
async fn check(stored: &StoredConnection, secret: Secret) -> Result<ConnectionCheck, AppError> {
    let client = jumpcloud::Client::new(
        &stored.endpoint,
        credentials(&stored.credential, secret, stored.org_id.clone()),
        ConnectionOptions::default(),
    )?;
    match client.who_am_i().await {
        Ok(identity) => Ok(ConnectionCheck {
            organization_id: identity.organization.as_ref().map(|o| o.id.clone()),
            organization_name: identity.organization.and_then(|o| o.display_name),
            organization_count: identity.organization_count,
        }),
        Err(err) => Err(explain(err, stored)),
    }
}

/// JumpCloud answers a bad organisation id with 400 (malformed), 404 (unknown) or 403 (not
/// allowed), and a key from another region with 401: say so.
fn explain(err: jumpcloud::Error, stored: &StoredConnection) -> AppError {
    use jumpcloud::Error as E;
    let has_org = stored.org_id.is_some();
    match err {
        E::Unauthorized { .. } => AppError::Unauthorized {
            message: match stored.endpoint {
                Endpoint::Region(_) => format!(
                    "{err}. The key was rejected (401). If the organisation lives in another \
                     region (US, EU, IN), choose that region: each region's host knows only its \
                     own organisations."
                ),
                Endpoint::Custom(_) => format!("{err}. The key was rejected (401)."),
            },
        },
        E::BadRequest { status: 400, .. } if has_org => AppError::Invalid {
            message: format!(
                "{err}. The organisation id is malformed (JumpCloud's are 24 hex digits)."
            ),
            field: Some("orgId".to_owned()),
        },
        E::NotFound { .. } if has_org => AppError::NotFound {
            message: format!("{err}. JumpCloud knows no organisation with this id."),
        },
        E::Forbidden { .. } if has_org => AppError::Forbidden {
            message: format!("{err}. This key may not act on that organisation."),
        },
        other => other.into(),
    }
}
