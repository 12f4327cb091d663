//! The one way an edit reaches JumpCloud: every kind of draft (and every one-field change such as
//! activate) is saved by [`save_draft`] or [`save`], which run the safe save
//! ([`super::save::save_application`]: merge onto the fresh copy, conflicts surfaced, full-object
//! PUT, read back), record the outcome in the change log and the versions it saw in the history
//! ([`crate::history`]: the copy it merged onto and the read-back), and return nothing secret:
//! the stored copy and the copy a conflict met come back without the private key, and no
//! difference or conflict under it is returned or recorded.

use serde_json::Value;

use super::certificate_guard::CertificateChange;
use super::change_log::{without_secrets, ChangeLog};
use super::json_diff::FieldConflict;
use super::review::{changes, label_changes, Review, ReviewChange};
use super::save::{save_application, SaveResult};
use super::{EditDraft, NOTHING_TO_SAVE};
use crate::history::keep_versions;
use crate::jumpcloud::{self, Client};
use crate::sso::without_private_key;

/// What a save did.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// JumpCloud holds the edit. `stored` is the read-back (without the private key);
    /// `differences` what it stored differently from what was sent (empty when it kept it all).
    Saved {
        stored: Value,
        differences: Vec<ReviewChange>,
        /// JumpCloud holds another IdP certificate after the write (also in the change log).
        certificate: Option<CertificateChange>,
    },
    /// Someone changed the same fields meanwhile: nothing was written. `theirs` is the copy the
    /// save met (without the private key), what a rebase goes onto.
    Conflict {
        theirs: Value,
        conflicts: Vec<FieldConflict>,
    },
}

/// Why a save did not run or failed.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// The draft has nothing to save, or something blocks it; nothing was sent.
    #[error("{reason}")]
    NotReady { reason: String },
    #[error(transparent)]
    Api(#[from] jumpcloud::Error),
}

/// What a save of `draft` would change, and what blocks it.
pub fn review<D: EditDraft>(draft: &D) -> Review {
    let changes = changes(draft.base(), &draft.edited());
    let issues = draft.blocking();
    Review {
        can_save: issues.is_empty() && draft.has_changes() && !changes.is_empty(),
        changes,
        issues,
    }
}

/// Saves `draft` as `action` (see the module notes). Refused, with nothing sent, when the review
/// says it cannot be saved.
pub async fn save_draft<D: EditDraft>(
    client: &Client,
    log: &ChangeLog,
    action: &str,
    draft: &D,
) -> Result<Outcome, SaveError> {
    let review = review(draft);
    if !review.can_save {
        let reason = match review.issues.first() {
            Some(issue) => format!("Fix this first: {}: {}", issue.label, issue.message),
            None => NOTHING_TO_SAVE.to_owned(),
        };
        return Err(SaveError::NotReady { reason });
    }
    Ok(save(client, log, action, draft.base(), &draft.edited()).await?)
}

/// Saves `edited` (the admin's copy of `base`) as `action` (see the module notes).
pub async fn save(
    client: &Client,
    log: &ChangeLog,
    action: &str,
    base: &Value,
    edited: &Value,
) -> Result<Outcome, jumpcloud::Error> {
    match save_application(client, base, edited).await? {
        SaveResult::Saved {
            before,
            stored,
            differences,
            certificate,
        } => {
            let differences = without_secrets(differences);
            let id = stored
                .get("_id")
                .and_then(Value::as_str)
                .unwrap_or_default();
            if !differences.is_empty() {
                tracing::warn!(
                    action,
                    application = id,
                    fields = differences.len(),
                    "JumpCloud stored something other than what was sent"
                );
            }
            let detail = certificate.as_ref().map(CertificateChange::detail);
            if let Err(err) = log.record(action, id, detail.as_deref(), differences.clone()) {
                tracing::warn!("the change log was not written: {err}");
            }
            let summary = detail.or_else(|| {
                (!differences.is_empty()).then(|| {
                    format!(
                        "JumpCloud stored {} field(s) differently from what was sent",
                        differences.len()
                    )
                })
            });
            keep_versions(log.folder(), |h| {
                h.record_write(&before, &stored, action, summary.as_deref())
            });
            let stored = without_private_key(stored);
            Ok(Outcome::Saved {
                differences: label_changes(differences, edited, &stored),
                stored,
                certificate,
            })
        }
        SaveResult::Conflict { theirs, conflicts } => {
            keep_versions(log.folder(), |h| h.observe(&theirs));
            Ok(Outcome::Conflict {
                theirs: without_private_key(theirs),
                conflicts: conflicts
                    .into_iter()
                    .filter(|c| !super::change_log::is_secret(&c.path))
                    .collect(),
            })
        }
    }
}
