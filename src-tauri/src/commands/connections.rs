//! Settings → Connections: add, test, save, switch and remove JumpCloud connections, and reset the
//! sandbox's sample data.
//!
//! The secret the admin types arrives once, in a [`ConnectionDraft`], as a [`TypedSecret`] that
//! becomes a [`Secret`] at once. No reply type has a field that could carry it back, and every
//! error message comes from the client or the keyring, neither of which formats a secret. Editing a
//! connection without retyping its secret uses the one in the keyring.

use serde::{Deserialize, Serialize};
use sso_desk_core::jumpcloud::{self, no_progress, ConnectionOptions, Endpoint};
use sso_desk_core::secret::Secret;
use sso_desk_core::settings::{new_connection_id, CredentialKind, StoredConnection, SANDBOX_ID};
use tauri::State;

use crate::commands::app::ConnectionKind;
use crate::error::AppError;
use crate::state::{credentials, Session};

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
    /// `key` blank or absent when editing keeps the stored key.
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

#[tauri::command]
#[specta::specta]
pub async fn list_connections(session: State<'_, Session>) -> Result<ConnectionList, AppError> {
    Ok(list(&session).await)
}

/// Checks the form's credentials with one cheap request, saving nothing.
#[tauri::command]
#[specta::specta]
pub async fn test_connection(
    draft: ConnectionDraft,
    session: State<'_, Session>,
) -> Result<ConnectionCheck, AppError> {
    let (stored, secret) = resolve(draft, &session).await?;
    check(&stored, secret).await
}

/// The organisations the form's credentials can act on, for multi-tenant admins to pick from.
#[tauri::command]
#[specta::specta]
pub async fn list_organizations(
    draft: ConnectionDraft,
    session: State<'_, Session>,
) -> Result<Vec<OrganizationChoice>, AppError> {
    let (stored, secret) = resolve(draft, &session).await?;
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

/// Tests the form's credentials and, only if they work, stores the secret in the keyring and the
/// rest in the settings file. `activate` makes it the active connection.
#[tauri::command]
#[specta::specta]
pub async fn save_connection(
    draft: ConnectionDraft,
    activate: bool,
    session: State<'_, Session>,
) -> Result<ConnectionList, AppError> {
    let typed = match &draft.credential {
        CredentialInput::ApiKey { key } => key.as_ref().is_some_and(|k| !k.0.trim().is_empty()),
        CredentialInput::ServiceAccount { client_secret, .. } => client_secret
            .as_ref()
            .is_some_and(|k| !k.0.trim().is_empty()),
    };
    let (mut stored, secret) = resolve(draft, &session).await?;
    let found = check(&stored, secret.clone()).await?;
    stored.org_name = found.organization_name;
    session
        .save(stored, typed.then_some(secret), activate)
        .await?;
    Ok(list(&session).await)
}

#[tauri::command]
#[specta::specta]
pub async fn switch_connection(
    id: String,
    session: State<'_, Session>,
) -> Result<ConnectionList, AppError> {
    session.switch(&id).await?;
    Ok(list(&session).await)
}

/// Removes a stored connection and deletes its secret from the keyring.
#[tauri::command]
#[specta::specta]
pub async fn remove_connection(
    id: String,
    session: State<'_, Session>,
) -> Result<ConnectionList, AppError> {
    if id == SANDBOX_ID {
        return Err(AppError::Invalid {
            message: "The sandbox is built in and cannot be removed.".to_owned(),
            field: None,
        });
    }
    session.remove(&id).await?;
    Ok(list(&session).await)
}

/// Re-seeds the sandbox's sample organisation, discarding every change made to it.
#[tauri::command]
#[specta::specta]
pub async fn reset_sample_data(session: State<'_, Session>) -> Result<(), AppError> {
    session.sandbox().get().await?.reset().await?;
    Ok(())
}

async fn list(session: &Session) -> ConnectionList {
    let status = session.status().await;
    let settings = session.settings().await;
    let mut connections = vec![ConnectionView {
        id: SANDBOX_ID.to_owned(),
        name: "Sandbox".to_owned(),
        kind: ConnectionKind::Sandbox,
        endpoint: None,
        credential: None,
        org_id: None,
        org_name: Some(sso_desk_sandbox::SAMPLE_ORG_NAME.to_owned()),
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

fn invalid(field: &str, message: &str) -> AppError {
    AppError::Invalid {
        message: message.to_owned(),
        field: Some(field.to_owned()),
    }
}

/// Checks the form and finds its secret: the one typed, or the stored one when editing.
async fn resolve(
    draft: ConnectionDraft,
    session: &Session,
) -> Result<(StoredConnection, Secret), AppError> {
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
    let (id, org_name) = match draft.id {
        Some(id) => {
            let settings = session.settings().await;
            let existing = settings.connection(&id).ok_or_else(|| AppError::NotFound {
                message: format!("There is no stored connection `{id}`."),
            })?;
            (id, existing.org_name.clone())
        }
        None => (new_connection_id(), None),
    };
    let secret = match typed {
        Some(s) => s,
        None => session.stored_secret(&id).await?.ok_or_else(|| {
            invalid(
                field,
                "Type the secret: none is stored for this connection.",
            )
        })?,
    };
    let stored = StoredConnection {
        id,
        name,
        endpoint,
        credential,
        org_id,
        org_name,
    };
    Ok((stored, secret))
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
