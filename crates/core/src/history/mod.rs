//! The history of every application SSO Desk sees: each version of it, kept per connection,
//! so any version can be compared with another and restored, and a deleted application brought
//! back. JumpCloud keeps no versions of an application and offers no undo; SSO Desk reads every
//! application and verifies every write, so it keeps them.
//!
//! - [`store`]: the version store (content-addressed objects without the IdP private key, an
//!   index per application, the heads that let a refresh write nothing when nothing changed).
//!   Versions are recorded at every list refresh and application read, and before and after
//!   every write of the edit engine (`edits::commit::save`, the one place every write passes),
//!   create and delete.
//! - [`restore`]: a restore is the edit engine's third kind of draft (after the attribute editor
//!   and the Single sign-on tab): review, safe save onto the current copy, read-back, logged. It
//!   never sends an IdP certificate or key from history.

pub mod canonical;
pub mod restore;
pub mod store;

pub use restore::{
    HistoryError, RestoreDraft, RestoreOutcome, RestoreReview, RestoredApplication, Restores,
};
pub use store::{Head, History, VersionEntry, VersionSource};

use crate::profile::{ConnectionDir, StoreError};

/// Keeps something in the history of the connection whose folder is `connection`. A failure is
/// only logged: the read or write it records has happened, and the admin's work goes on.
pub fn keep_versions<T>(
    connection: &ConnectionDir,
    keep: impl FnOnce(&History) -> Result<T, StoreError>,
) {
    if let Err(err) = History::new(connection).and_then(|h| keep(&h)) {
        tracing::warn!("a version was not kept in the history: {err}");
    }
}
