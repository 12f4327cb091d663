//! The fidelity report of the active connection ([`crate::attributes::fidelity`]).

use super::{AppError, Desk};
pub use crate::attributes::fidelity::{
    application_findings, fidelity_report, FidelityFinding, FidelityKind, FidelityReport,
};

/// The fidelity report of the active connection.
pub struct Fidelity<'a>(pub(super) &'a Desk);

impl Fidelity<'_> {
    /// See [`fidelity_report`].
    pub async fn report(&self) -> Result<FidelityReport, AppError> {
        let connected = self.0.session().connect().await?;
        Ok(fidelity_report(&connected.client).await?)
    }
}
