//! What the shell needs to draw itself: the active connection.

use serde::Serialize;
use tauri::State;

use crate::error::AppError;
use crate::state::Session;

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum ConnectionKind {
    /// The built-in sandbox with its sample organisation.
    Sandbox,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ActiveConnection {
    pub id: String,
    pub name: String,
    pub kind: ConnectionKind,
    /// What the status bar shows, e.g. "Sandbox — sample data".
    pub label: String,
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
    Ok(AppStatus {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        connection: ActiveConnection {
            id: "sandbox".to_owned(),
            name: "Sandbox".to_owned(),
            kind: ConnectionKind::Sandbox,
            label: "Sandbox — sample data".to_owned(),
        },
    })
}
