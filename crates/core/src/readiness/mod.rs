//! JIT readiness: JIT fails silently at the service provider when a required attribute arrives
//! empty, so SSO Desk computes, before anyone signs in, which users of an application would be
//! turned away and for lack of what.
//!
//! The computation is pure and works over an [`OrgSnapshot`] the app loads once: users, user
//! groups, bindings, applications and templates' JIT requirements. It answers per application
//! ([`application_readiness`]), across the organisation ([`org_readiness`], worst first), per user
//! ([`preview_assertion`]), and exports not-ready users as CSV ([`to_csv`]). Values resolve
//! exactly as docs/attribute-encoding.md describes the assertion.

mod columns;
mod compute;
mod csv;
mod load;
mod preview;
mod report;
mod runs;
mod search;
mod snapshot;

pub use compute::{application_readiness, org_readiness};
pub(crate) use csv::push_cell;
pub use csv::to_csv;
pub use load::{ReadinessLoadProgress, ReadinessLoadStage};
pub use preview::{preview_application, preview_assertion};
pub use report::{
    ApplicationReadiness, ApplicationReadinessSummary, AssertionPreview, AttributeStatement,
    BoundBy, GroupStatement, RequiredAttribute, UserNotReady, ValueSource,
};
pub use runs::{LoadedOrg, ReadinessRun};
pub use search::UserSummary;
pub use snapshot::{ApplicationInput, JitFacts, OrgSnapshot, OrgSnapshotBuilder};

/// What can go wrong building a snapshot or asking it a question.
#[derive(Debug, thiserror::Error)]
pub enum ReadinessError {
    #[error("no application with id {0} in the loaded organisation")]
    UnknownApplication(String),
    #[error("no user with id {0} in the loaded organisation")]
    UnknownUser(String),
    #[error("a user object has no id")]
    UserWithoutId,
    #[error(transparent)]
    Api(#[from] crate::jumpcloud::Error),
    #[error("the organisation is too large to index (over 4 GiB of values or 4 billion users)")]
    SnapshotTooLarge,
}
