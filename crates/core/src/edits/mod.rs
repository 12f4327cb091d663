//! The edit engine: the one path every editable thing of an application takes to JumpCloud. The
//! User attributes tab, the Single sign-on tab, activate and deactivate, and later a restore from
//! history or an applied snapshot are *users* of it, each adding only what is its own (rows and
//! undo for attributes, field checks for SSO).
//!
//! ```text
//! a draft on disk      store::DraftStore<D>   one store, one name check, no private key ever
//!   → edits            the kind's own (attribute rules, sso::apply_edit)
//!   → a review         commit::review         each change with its label and both values
//!   → rebase           rebase::onto/replay    onto a fresh read, each conflict as chosen
//!   → the safe save    commit::save_draft     merge onto the fresh copy, full PUT, read back,
//!                                             change-log record, nothing secret returned
//!   → conflicts        conflict::LabelledConflict, one shape for every kind
//! ```
//!
//! A restore or an applied snapshot saves [`target::onto_current`] (a stored copy applied onto the
//! current one, what JumpCloud owns left alone) with [`save`]; a deleted one is made anew by
//! [`crate::applications::recreate`].
//!
//! A kind of draft implements [`EditDraft`]: where it is kept, its base (the application as read),
//! what a save sends, and what blocks a save. Everything else is here, once.

pub mod certificate_guard;
pub mod change_log;
pub mod commit;
pub mod conflict;
pub mod json_diff;
pub mod labels;
pub mod rebase;
pub mod review;
pub mod save;
pub mod store;
pub mod target;

use serde_json::Value;

pub use certificate_guard::CertificateChange;
pub use change_log::{ChangeLog, ChangeRecord};
pub use commit::{review, save, save_draft, Outcome, SaveError};
pub use conflict::{label_conflicts, Choice, FieldChoice, LabelledConflict};
pub use json_diff::{FieldChange, FieldConflict, PathSegment};
pub use labels::label_of;
pub use rebase::RebaseError;
pub use review::{Review, ReviewChange, ReviewIssue};
pub use store::{DraftKind, DraftStore, StoredDraft};

/// What a save refused for lack of anything to send says.
pub const NOTHING_TO_SAVE: &str = "Nothing to save: the draft changes nothing.";

/// A kind of draft, as the engine sees it.
pub trait EditDraft: StoredDraft {
    /// The application as read when editing began (or at the last rebase), without the private
    /// key.
    fn base(&self) -> &Value;
    /// What a save sends: the base with the admin's changes.
    fn edited(&self) -> Value;
    /// Whether the admin changed anything; by default, whether a save would send anything new.
    fn has_changes(&self) -> bool {
        self.edited() != *self.base()
    }
    /// What blocks a save, by field; empty when nothing does.
    fn blocking(&self) -> Vec<ReviewIssue>;
}
