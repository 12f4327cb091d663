//! The assertion debugger page: list the responses in what was pasted or dropped, and check one
//! against the organisation. The response never leaves this computer; the certificates seen on the
//! way are kept in the connection's folder, so an older one is recognised next time.

use super::{AppError, Desk};
use crate::debugger::{self, DebuggerError, DebuggerReport, FoundResponse, SeenCertificates};
use crate::profile::now_ms;

/// The field a bad response is blamed on.
const FIELD: &str = "samlResponse";

impl From<DebuggerError> for AppError {
    fn from(err: DebuggerError) -> Self {
        match err {
            DebuggerError::Api(err) => err.into(),
            other => AppError::invalid(FIELD, other.to_string()),
        }
    }
}

/// The "Assertion debugger" page.
pub struct Debugger<'a>(pub(super) &'a Desk);

impl Debugger<'_> {
    /// The responses in pasted text or a file's text (a bare value is one). Needs no connection.
    pub fn find(&self, text: &str) -> Result<Vec<FoundResponse>, AppError> {
        debugger::find_responses(text).map_err(|e| AppError::invalid(FIELD, e.to_string()))
    }

    /// Decodes `value`, finds its application and user, and checks it line by line.
    pub async fn inspect(&self, value: &str) -> Result<DebuggerReport, AppError> {
        let connected = self.0.session().connect().await?;
        let dir = self.0.profile().connection(&connected.id);
        let mut seen = SeenCertificates::read(&dir);
        let report =
            debugger::inspect(&connected.client, value, &mut seen, now_ms() as f64).await?;
        // Only a hint for next time: the report stands without it.
        if let Err(err) = seen.keep(&dir) {
            tracing::warn!("the certificates seen were not kept: {err}");
        }
        Ok(report)
    }
}
