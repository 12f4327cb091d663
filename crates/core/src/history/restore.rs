//! Restoring a version: a kind of draft of the edit engine ([`crate::edits`]), kept in the
//! connection's folder (`restore-drafts/<application id>.restore.json`, never with the private
//! key). Its base is the application as JumpCloud holds it now; its edited copy is that copy with
//! the version's content applied, except what JumpCloud owns ([`onto_current`]): the engine
//! reviews it, merges it onto a fresh read, PUTs the whole object, reads it back and logs it, as
//! every other edit.
//!
//! A deleted application is brought back by [`recreate`] from its last version, with its groups.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::store::{History, VersionSource};
use crate::applications::recreate::{recreate, RecreateError};
use crate::edits::target::{certificate_differs, onto_current};
use crate::edits::{
    self, label_conflicts, CertificateChange, ChangeLog, DraftKind, DraftStore, EditDraft,
    LabelledConflict, Outcome, RebaseError, Review, ReviewChange, ReviewIssue, SaveError,
    StoredDraft,
};
use crate::jumpcloud::{self, Application, ApplicationSummary, Client};
use crate::profile::{ConnectionDir, StoreError};
use crate::sso::without_private_key;

/// Where restore drafts are kept.
pub const RESTORE_DRAFTS: DraftKind = DraftKind {
    folder: "restore-drafts",
    suffix: ".restore.json",
    format: 1,
};

/// What the change log calls a restore.
pub const RESTORE_ACTION: &str = "restore";

/// What the admin is told when the certificate is not the version's.
pub const CERTIFICATE_NOTE: &str = "The IdP certificate has changed since this version. The \
restore keeps JumpCloud's current certificate and key (a certificate from history is never sent), \
so the service provider keeps the metadata it has now.";

/// What a restored deleted application's admin must do next.
pub const NEW_METADATA_NOTE: &str = "JumpCloud issued a new IdP certificate and SSO URL for the \
restored application: the service provider needs its new metadata (Save metadata… on its Single \
sign-on tab).";

/// A restore of one version, as a draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RestoreDraft {
    pub application_id: String,
    /// The version's content hash.
    pub version: String,
    pub base: Value,
    pub edited: Value,
}

impl StoredDraft for RestoreDraft {
    const KIND: DraftKind = RESTORE_DRAFTS;
    fn application_id(&self) -> &str {
        &self.application_id
    }
}

impl EditDraft for RestoreDraft {
    fn base(&self) -> &Value {
        &self.base
    }
    fn edited(&self) -> Value {
        self.edited.clone()
    }
    fn blocking(&self) -> Vec<ReviewIssue> {
        Vec::new()
    }
}

/// What a restore would do.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RestoreReview {
    pub review: Review,
    /// The version's time (milliseconds since the Unix epoch).
    pub version_at_ms: f64,
    /// Set when the IdP certificate is not the version's ([`CERTIFICATE_NOTE`]).
    pub certificate_note: Option<String>,
}

/// What a restore's save did.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(tag = "outcome", rename_all = "camelCase")]
pub enum RestoreOutcome {
    /// JumpCloud holds the version; `differences` is what it stored differently from what was
    /// sent.
    #[serde(rename_all = "camelCase")]
    Saved {
        differences: Vec<ReviewChange>,
        certificate_changed: Option<CertificateChange>,
    },
    /// Someone changed the same fields meanwhile: nothing was written. The restore was prepared
    /// again on the copy the save met; `review` is what saving it now would change.
    Conflict {
        conflicts: Vec<LabelledConflict>,
        review: Review,
    },
}

/// A deleted application brought back.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RestoredApplication {
    pub application: ApplicationSummary,
    /// The group ids bound again.
    pub bound_groups: Vec<String>,
    /// Groups that could not be bound, each with why.
    pub not_bound: Vec<String>,
    /// [`NEW_METADATA_NOTE`].
    pub note: String,
}

/// Why a history use case failed.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Api(#[from] jumpcloud::Error),
    #[error(transparent)]
    Save(#[from] SaveError),
    #[error(transparent)]
    Rebase(#[from] RebaseError),
    #[error("{0}")]
    NotFound(String),
    #[error("this application is not deleted: restore one of its versions instead")]
    NotDeleted,
}

/// The restores of one connection, over its client.
pub struct Restores<'a> {
    store: DraftStore<RestoreDraft>,
    history: History,
    client: &'a Client,
    log: ChangeLog,
}

impl<'a> Restores<'a> {
    pub fn new(connection: &ConnectionDir, client: &'a Client) -> Result<Self, HistoryError> {
        Ok(Restores {
            store: DraftStore::new(connection)?,
            history: History::new(connection)?,
            client,
            log: ChangeLog::new(connection.clone()),
        })
    }

    fn version_object(
        &self,
        application_id: &str,
        hash: &str,
    ) -> Result<(u64, Value), HistoryError> {
        let entry = self
            .history
            .versions(application_id)?
            .into_iter()
            .find(|v| v.hash == hash)
            .ok_or_else(|| HistoryError::NotFound("this version is not in the history".into()))?;
        let object = self.history.object(hash)?.ok_or_else(|| {
            HistoryError::NotFound("this version's content is missing from the history".into())
        })?;
        Ok((entry.at_ms, object))
    }

    /// Starts a restore of version `hash`: the application as JumpCloud holds it now is read
    /// (and recorded), the draft kept, and its review returned.
    pub async fn open(
        &self,
        application_id: &str,
        hash: &str,
    ) -> Result<RestoreReview, HistoryError> {
        let (at_ms, object) = self.version_object(application_id, hash)?;
        let current = self
            .client
            .get_application(application_id)
            .await?
            .into_value();
        if let Err(err) = self.history.observe(&current) {
            tracing::warn!("a version was not kept: {err}");
        }
        let base = without_private_key(current);
        let draft = RestoreDraft {
            application_id: application_id.to_owned(),
            version: hash.to_owned(),
            edited: onto_current(&base, &object),
            base,
        };
        self.store.save(&draft)?;
        Ok(RestoreReview {
            review: edits::review(&draft),
            version_at_ms: at_ms as f64,
            certificate_note: certificate_differs(&object, &draft.base)
                .then(|| CERTIFICATE_NOTE.to_owned()),
        })
    }

    /// The review of the kept restore draft (after a conflict was resolved, say).
    pub fn review(&self, application_id: &str) -> Result<Review, HistoryError> {
        Ok(edits::review(&self.kept(application_id)?))
    }

    fn kept(&self, application_id: &str) -> Result<RestoreDraft, HistoryError> {
        self.store
            .load(application_id)?
            .ok_or_else(|| HistoryError::NotFound("no restore is open for this application".into()))
    }

    /// Saves the restore through the engine, logged as `restore`. A conflict writes nothing and
    /// prepares the restore again on the copy it met.
    pub async fn save(&self, application_id: &str) -> Result<RestoreOutcome, HistoryError> {
        let mut draft = self.kept(application_id)?;
        match edits::save_draft(self.client, &self.log, RESTORE_ACTION, &draft).await? {
            Outcome::Saved {
                differences,
                certificate,
                ..
            } => {
                self.store.discard(application_id)?;
                Ok(RestoreOutcome::Saved {
                    differences,
                    certificate_changed: certificate,
                })
            }
            Outcome::Conflict { theirs, conflicts } => {
                let conflicts = label_conflicts(&conflicts, &draft.edited, &theirs);
                // The target is the version; only the copy it applies to moved. So the restore
                // is prepared again on the copy the save met, and reviewed again.
                let (_, object) = self.version_object(application_id, &draft.version)?;
                draft.edited = onto_current(&theirs, &object);
                draft.base = theirs;
                self.store.save(&draft)?;
                Ok(RestoreOutcome::Conflict {
                    conflicts,
                    review: edits::review(&draft),
                })
            }
        }
    }

    /// Brings a deleted application back from its last version, with its groups; recorded in
    /// the change log and the history (the old id's history points at the new one).
    pub async fn restore_deleted(
        &self,
        application_id: &str,
    ) -> Result<RestoredApplication, HistoryError> {
        let head = self.history.head(application_id)?.ok_or_else(|| {
            HistoryError::NotFound("SSO Desk has no version of this application".into())
        })?;
        if head.deleted_at_ms.is_none() || head.restored_as.is_some() {
            return Err(HistoryError::NotDeleted);
        }
        let last = self
            .history
            .versions(application_id)?
            .into_iter()
            .find(|v| v.source != VersionSource::Deleted)
            .map(|v| v.hash)
            .unwrap_or(head.hash);
        let object = self.history.object(&last)?.ok_or_else(|| {
            HistoryError::NotFound("the last version's content is missing from the history".into())
        })?;
        let groups = head.bindings.unwrap_or_default();
        let restored = recreate(self.client, &self.log, "create", &object, &groups)
            .await
            .map_err(|err| match err {
                RecreateError::Api(err) => HistoryError::Api(err),
                RecreateError::Unusable(message) => HistoryError::NotFound(message),
            })?;
        let new_id = restored.id().to_owned();
        let kept = self
            .history
            .record_created(&restored.application, restored.bound.clone())
            .and_then(|()| self.history.note_restored(application_id, &new_id));
        if let Err(err) = kept {
            tracing::warn!("the restore was not kept in the history: {err}");
        }
        let summary = Application::from_json(restored.application.clone())
            .unwrap_or_default()
            .summary();
        Ok(RestoredApplication {
            application: summary,
            bound_groups: restored.bound,
            not_bound: restored
                .unbound
                .into_iter()
                .map(|group| format!("{group}: not bound after the restore"))
                .collect(),
            note: NEW_METADATA_NOTE.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::json;

    use super::*;
    use crate::edits::review::changes;
    use crate::edits::target::{without_owned, OWNED};

    /// An application-shaped object: some top-level fields, a `config` of labelled entries (the
    /// IdP certificate and key among them or not) and its `sso` block.
    fn application() -> impl Strategy<Value = Value> {
        let text = "[a-z]{0,6}";
        (
            proptest::collection::btree_map("[a-z]{1,5}", text, 0..5),
            proptest::collection::btree_map(
                prop_oneof![
                    Just("idpCertificate".to_owned()),
                    Just("idpPrivateKey".to_owned()),
                    "[a-z]{1,5}"
                ],
                text,
                0..6,
            ),
            proptest::option::of(text),
        )
            .prop_map(|(top, config, sso_url)| {
                let mut app = json!({"_id": "a1", "name": "zoom", "sso": {"type": "saml"}});
                for (k, v) in top {
                    app[k] = json!(v);
                }
                app["config"] = json!({});
                for (k, v) in config {
                    app["config"][k] = json!({"label": "L", "value": v});
                }
                if let Some(u) = sso_url {
                    app["ssoUrl"] = json!(u);
                }
                app
            })
    }

    proptest! {
        /// Restore version N, then compare with N: every field N has is N's, apart from what
        /// JumpCloud owns (the current copy's); the only other differences are fields N lacks
        /// (kept as JumpCloud holds them: a PUT must not drop them). No private key is sent.
        #[test]
        fn a_restore_gives_version_n_back_apart_from_what_jumpcloud_owns(
            current in application(),
            version in application(),
        ) {
            let current = without_private_key(current);
            let edited = onto_current(&current, &version);
            for change in changes(&without_owned(&version), &without_owned(&edited)) {
                prop_assert!(change.before.is_none(), "{:?} differs from version N", change);
            }
            for pointer in OWNED {
                prop_assert_eq!(edited.pointer(pointer), current.pointer(pointer), "{}", pointer);
            }
            prop_assert!(edited.pointer("/config/idpPrivateKey").is_none());
        }
    }
}
