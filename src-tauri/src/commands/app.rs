//! What the shell needs to draw itself: the active connection.

use serde::Serialize;
use tauri::State;

use sso_desk_core::settings::SANDBOX_ID;

use crate::error::AppError;
use crate::state::Session;

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

#[tauri::command]
#[specta::specta]
pub async fn app_status(session: State<'_, Session>) -> Result<AppStatus, AppError> {
    session.client().await?;
    let status = session.status().await;
    let kind = if status.id == SANDBOX_ID {
        ConnectionKind::Sandbox
    } else {
        ConnectionKind::Jumpcloud
    };
    let label = match kind {
        ConnectionKind::Sandbox => "Sandbox — sample data".to_owned(),
        ConnectionKind::Jumpcloud => status.name.clone(),
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
