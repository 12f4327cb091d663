//! The use-case layer: one function per thing the UI can ask, grouped by area. A Tauri command is
//! one call into here; everything a command used to decide (which connection is active, reading
//! an object again on a conflict, combining reads into an overview, validating a form, wording an
//! error) is decided here, where a plain `cargo test` reaches it.
//!
//! [`Desk`] holds the app's state: the session (the active connection), the profile (what is kept
//! on disk, per connection) and the per-connection working sets (open drafts, catalogs, the
//! organisation loaded for readiness). Each area is a borrowed handle: `desk.attributes().save(id)`.
//!
//! Every use case that talks to JumpCloud starts with one [`Session::connect`], which hands out the
//! connection's id and client together; whatever it keeps is keyed by that id.

mod applications;
mod attributes;
mod catalog;
mod certificates;
mod connections;
mod debugger;
mod error;
mod exports;
mod fidelity;
mod groups;
mod history;
mod last_page;
mod logos;
mod organisations;
mod overview;
mod readiness;
mod snapshots;
mod sso;
mod templates;

use std::sync::Arc;

use crate::attributes::draft::OpenDrafts;
use crate::catalog::Catalogs;
use crate::connections::credentials::Keyring;
use crate::connections::sandbox::SandboxSource;
use crate::connections::session::Session;
use crate::edits::{ChangeLog, FieldChange};
use crate::new_application::Creations;
use crate::profile::{ConnectionId, LoadOnce, Profile};
use crate::readiness::LoadedOrg;

/// The change log of verified writes (the edit engine's; kept here under its old name).
pub use crate::edits::change_log as changes;
pub use applications::{ApplicationRows, Applications};
pub use attributes::{AttributeEditorState, Attributes, SaveOutcome};
pub use catalog::{
    Catalog, CatalogLoadProgress, CatalogRow, CatalogStatus, CheckedRows, CreatedApplication,
    NewApplicationCheck,
};
pub use certificates::{certificate_rows, CertificateRow, Certificates};
pub use connections::{
    ActiveConnection, AppStatus, ConnectionCheck, ConnectionDraft, ConnectionKind, ConnectionList,
    ConnectionView, Connections, CredentialInput, OrganizationChoice, TypedSecret,
};
pub use debugger::Debugger;
pub use error::AppError;
pub use exports::{Export, ExportFile, Exports, SavedExport};
pub use fidelity::{
    application_findings, fidelity_report, Fidelity, FidelityFinding, FidelityKind, FidelityReport,
};
pub use groups::Groups;
pub use history::{ApplicationHistory, DeletedApplication, HistoryTab, VersionRow};
pub use last_page::LastPage;
pub use logos::LogoImages;
pub use organisations::{OrgChoices, Organisations};
pub use overview::Overview;
pub use readiness::{ApplicationReadinessRun, OrgReadiness, Readiness};
pub use snapshots::{run_snapshot_command, CommandOutput, SnapshotComparison, Snapshots};
pub use sso::{Sso, SsoImport, SsoSaveOutcome, SsoSettings};

/// The fidelity report of the active connection as text, for `sso-desk --check-org`: a runtime of
/// its own, no window. Read-only: nothing is written to JumpCloud. The labels in it are the
/// server's, so the text is made [`crate::terminal::printable`] before it reaches a terminal.
pub fn check_org(
    profile: Profile,
    keyring: Keyring,
    sandbox: Arc<dyn SandboxSource>,
) -> Result<String, AppError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(AppError::internal)?;
    runtime.block_on(async {
        let desk = Desk::new(profile, keyring, sandbox);
        let status = desk.connections().status().await?;
        let report = desk.fidelity().report().await?;
        Ok(crate::terminal::printable(&format!(
            "connection: {}\n{}",
            status.connection.label,
            report.to_text()
        )))
    })
}

/// The app's state; see the module notes.
pub struct Desk {
    session: Session,
    profile: Profile,
    drafts: OpenDrafts,
    catalogs: Catalogs,
    creations: Creations<CreatedApplication>,
    readiness: LoadOnce<LoadedOrg>,
    templates: Arc<templates::SessionTemplates>,
    logos: crate::logos::Logos,
}

impl Desk {
    /// `sandbox` is what the app falls back to with no JumpCloud connection; it is asked for its
    /// address (an embedded one starts) only on first use, or in [`Desk::warm_up`].
    pub fn new(profile: Profile, keyring: Keyring, sandbox: Arc<dyn SandboxSource>) -> Self {
        Self::with_session(Session::new(&profile, keyring, sandbox), profile)
    }

    /// A desk over a session built by the caller (tests set a short keyring timeout).
    pub fn with_session(session: Session, profile: Profile) -> Self {
        Self {
            drafts: OpenDrafts::new(profile.clone()),
            session,
            profile,
            catalogs: Catalogs::default(),
            creations: Creations::new(),
            readiness: LoadOnce::default(),
            templates: Arc::default(),
            logos: crate::logos::Logos::default(),
        }
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    /// Opens the active connection ahead of the first page: the saved connection's key is read
    /// from the keyring and, when the app is on the embedded sandbox, the sandbox is started. The
    /// shell calls this as the window comes up, so that work runs beside WebKit's own start
    /// instead of after it; the first page's [`Session::connect`] then finds it done (or joins
    /// it). An error is left for that first use to report.
    pub async fn warm_up(&self) {
        if let Err(err) = self.session.connect().await {
            tracing::debug!("the connection could not be opened ahead of the first page: {err}");
        }
    }

    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    pub fn connections(&self) -> Connections<'_> {
        Connections(self)
    }

    pub fn applications(&self) -> Applications<'_> {
        Applications(self)
    }

    pub fn groups(&self) -> Groups<'_> {
        Groups(self)
    }

    pub fn attributes(&self) -> Attributes<'_> {
        Attributes(self)
    }

    pub fn catalog(&self) -> Catalog<'_> {
        Catalog(self)
    }

    pub fn readiness(&self) -> Readiness<'_> {
        Readiness(self)
    }

    pub fn sso(&self) -> Sso<'_> {
        Sso(self)
    }

    pub fn certificates(&self) -> Certificates<'_> {
        Certificates(self)
    }

    pub fn exports(&self) -> Exports<'_> {
        Exports(self)
    }

    pub fn fidelity(&self) -> Fidelity<'_> {
        Fidelity(self)
    }

    pub fn organisations(&self) -> Organisations<'_> {
        Organisations(self)
    }

    pub fn overview(&self) -> Overview<'_> {
        Overview(self)
    }

    pub fn logos(&self) -> LogoImages<'_> {
        LogoImages(self)
    }

    pub fn last_page(&self) -> LastPage<'_> {
        LastPage(self)
    }

    pub fn snapshots(&self) -> Snapshots<'_> {
        Snapshots(self)
    }

    pub fn debugger(&self) -> Debugger<'_> {
        Debugger(self)
    }

    pub fn history(&self) -> HistoryTab<'_> {
        HistoryTab(self)
    }

    /// The change log of `connection`, where the edit engine records every save.
    fn change_log(&self, connection: &ConnectionId) -> ChangeLog {
        ChangeLog::new(self.profile.connection(connection))
    }

    /// Records a verified write (create, bind, delete) in the connection's change log. The write
    /// itself succeeded, so a log that cannot be written is only reported in the app's log.
    fn record(
        &self,
        connection: &ConnectionId,
        action: &str,
        application_id: &str,
        detail: Option<&str>,
        differences: &[FieldChange],
    ) {
        if !differences.is_empty() {
            tracing::warn!(
                action,
                application = application_id,
                fields = differences.len(),
                "JumpCloud stored something other than what was sent"
            );
        }
        let log = self.change_log(connection);
        if let Err(err) = log.record(action, application_id, detail, differences.to_vec()) {
            tracing::warn!("the change log was not written: {err}");
        }
    }
}
