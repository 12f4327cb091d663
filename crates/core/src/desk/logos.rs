//! Connector logos for the UI's `logo://` protocol: the active connection's kept copy, or fetched
//! once by [`crate::logos`]'s rules. Not a command: the app's protocol handler calls it and
//! answers an error with a status, and the UI shows initials.

use super::Desk;
use crate::logos::{Logo, LogoError};
use crate::profile::ConnectionId;

/// The logos of the active connection.
pub struct LogoImages<'a>(pub(super) &'a Desk);

impl LogoImages<'_> {
    /// The logo at `url` (a template's or application's `logo.url`). A kept logo needs only the
    /// connection's id; a relative address is read against the connection's base URL, which
    /// opens the connection.
    pub async fn image(&self, url: &str) -> Result<Logo, LogoError> {
        let unavailable = |e: &dyn std::fmt::Display| LogoError::Network {
            message: e.to_string(),
        };
        let status = self.0.session().status().await;
        let id = ConnectionId::new(status.id).map_err(|e| unavailable(&e))?;
        let dir = self.0.profile().connection(&id);
        let base = if url::Url::parse(url.trim()).is_err() {
            let connected = self.0.session().connect().await;
            Some(
                connected
                    .map_err(|e| unavailable(&e))?
                    .client
                    .base_url()
                    .to_owned(),
            )
        } else {
            None
        };
        self.0.logos.get(&dir, url, base.as_deref()).await
    }
}
