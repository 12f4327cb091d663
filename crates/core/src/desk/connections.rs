//! Settings → Connections and the status bar: the active connection; add, test, save, switch and
//! remove JumpCloud connections; reset the sandbox's sample data.
//!
//! The form and its check are [`crate::connections::form`]'s: the secret the admin types arrives
//! once and is never sent back, and a stored secret is reused only where it went before. No
//! reply type here has a field that could carry a secret.

use serde::Serialize;

use super::{AppError, Desk};
use crate::connections::form::{check, checked_form, may_reuse_secret};
use crate::connections::sandbox::SANDBOX_ORG_NAME;
use crate::connections::session::credentials;
use crate::connections::settings::{CredentialKind, StoredConnection, SANDBOX_ID};
use crate::jumpcloud::{self, no_progress, ConnectionOptions, Endpoint};
use crate::secret::Secret;

pub use crate::connections::form::{
    ConnectionCheck, ConnectionDraft, CredentialInput, TypedSecret,
};

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
        Ok(check(&stored, secret).await?)
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
        // A multi-tenant key saved without an organisation acts on all of them: a provider
        // connection, whose organisations the app lists and switches between.
        stored.provider = found.provider;
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
}

impl Connections<'_> {
    /// Checks the form and finds its secret: the one typed, or the stored one when editing and
    /// the secret would go where it went before. The flag says whether it was typed.
    async fn resolve(
        &self,
        draft: ConnectionDraft,
    ) -> Result<(StoredConnection, Secret, bool), AppError> {
        let existing = match &draft.id {
            Some(id) => Some(
                self.0
                    .session()
                    .settings()
                    .connection(id)
                    .cloned()
                    .ok_or_else(|| {
                        AppError::not_found(format!("There is no stored connection `{id}`."))
                    })?,
            ),
            None => None,
        };
        let (stored, typed, field) = checked_form(draft, existing.as_ref())?;
        if let Some(secret) = typed {
            return Ok((stored, secret, true));
        }
        may_reuse_secret(existing.as_ref(), &stored, field)?;
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
