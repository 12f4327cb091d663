//! The Single sign-on tab's kind of draft for the edit engine ([`crate::edits`]): an application's
//! SAML settings as read (`base`) and as edited, kept in the connection's folder
//! (`sso-drafts/<application id>.sso.json`, owner-only, never with the private key), edited one
//! field at a time ([`apply_edit`]) or from SP metadata, reviewed, saved and rebased by the
//! engine.
//!
//! [`SsoDrafts`] is the tab's use of the engine for one connection: open (the kept draft, else a
//! fresh read), edit, import, review, save, resolve a conflict field by field, discard, and set a
//! damaged draft aside. A save merges onto the server's fresh copy, so the private key JumpCloud
//! holds stays as it is.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::certificate::{health_of, now_secs, CertificateHealth};
use super::import::metadata_edits;
use super::metadata::{parse_sp_metadata_off_thread, SpMetadata};
use super::settings::{
    apply_edit, draft_checks, fields_of_draft, without_private_key, SsoEdit, SsoEditError, SsoField,
};
use crate::edits::rebase::{onto, replay};
use crate::edits::{
    self, label_conflicts, CertificateChange, ChangeLog, DraftKind, DraftStore, EditDraft,
    FieldChoice, LabelledConflict, Outcome, RebaseError, Review, ReviewChange, ReviewIssue,
    SaveError, StoredDraft,
};
use crate::jumpcloud::{self, Application, ApplicationSummary, Client};
use crate::profile::{ConnectionDir, StoreError};

/// Where SSO drafts are kept: `sso-drafts/<id>.sso.json` in the connection's folder.
pub const SSO_DRAFTS: DraftKind = DraftKind {
    folder: "sso-drafts",
    suffix: ".sso.json",
    format: 1,
};

/// An application's unsaved SSO edits: the copy read when editing began and the edited copy,
/// both without the IdP private key, and the copy the last conflicting save met.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SsoDraft {
    pub application_id: String,
    pub base: Value,
    pub edited: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theirs: Option<Value>,
}

impl SsoDraft {
    /// Starts editing `application` (as just read).
    pub fn new(application: Value) -> Self {
        let base = without_private_key(application);
        SsoDraft {
            application_id: base
                .get("_id")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            edited: base.clone(),
            base,
            theirs: None,
        }
    }

    /// Fills the draft from SP metadata ([`metadata_edits`]): SP entity ID, the ACS URL(s) (every
    /// HTTP-POST one for a list-form field, else the default), the proposed NameID format and the
    /// SP certificate in the field's own encoding. Returns what was not applied, and why.
    pub fn import(&mut self, metadata: &SpMetadata) -> Vec<String> {
        let planned = metadata_edits(&self.edited, metadata);
        let mut skipped = planned.not_applied;
        for edit in &planned.edits {
            if let Err(e) = apply_edit(&mut self.edited, edit) {
                skipped.push(e.to_string());
            }
        }
        skipped
    }
}

impl StoredDraft for SsoDraft {
    const KIND: DraftKind = SSO_DRAFTS;
    fn application_id(&self) -> &str {
        &self.application_id
    }
}

impl EditDraft for SsoDraft {
    fn base(&self) -> &Value {
        &self.base
    }

    fn edited(&self) -> Value {
        self.edited.clone()
    }

    /// Every changed field whose value fails its check: a value JumpCloud holds and the admin
    /// did not touch never blocks (it gets a note instead, see [`draft_checks`]).
    fn blocking(&self) -> Vec<ReviewIssue> {
        draft_checks(&self.base, &self.edited)
            .blocking
            .into_iter()
            .map(|i| ReviewIssue {
                label: i.label,
                message: i.message,
            })
            .collect()
    }
}

/// What the tab shows.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SsoSettings {
    pub application: ApplicationSummary,
    /// The fields in the connector's order, with the draft's values, the issues of changed ones
    /// and notes on odd stored ones.
    pub fields: Vec<SsoField>,
    /// The IdP URL: read-only, fixed when the application was created.
    pub sso_url: Option<String>,
    pub active: bool,
    /// The IdP certificate's health.
    pub certificate: CertificateHealth,
    /// The draft differs from the copy it started from.
    pub has_changes: bool,
}

impl From<&SsoDraft> for SsoSettings {
    fn from(draft: &SsoDraft) -> Self {
        let app = &draft.edited;
        let summary = Application::from_json(app.clone())
            .map(|a| a.summary())
            .unwrap_or_else(|| Application::default().summary());
        SsoSettings {
            application: summary,
            fields: fields_of_draft(&draft.base, app),
            sso_url: app.get("ssoUrl").and_then(Value::as_str).map(str::to_owned),
            active: app.get("active").and_then(Value::as_bool).unwrap_or(true),
            certificate: health_of(&draft.base, now_secs()),
            has_changes: draft.has_changes(),
        }
    }
}

/// What a metadata import did.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SsoImport {
    pub metadata: SpMetadata,
    pub settings: SsoSettings,
    pub review: Review,
    /// Fields the metadata names that this connector does not have or keeps read-only.
    pub skipped: Vec<String>,
}

/// What a save did.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(tag = "outcome", rename_all = "camelCase")]
pub enum SsoSaveOutcome {
    /// JumpCloud holds the edits; `differences` lists what it stored differently from what was
    /// sent (read back after the write).
    #[serde(rename_all = "camelCase")]
    /// `certificateChanged`: JumpCloud issued a new IdP certificate during the save; the
    /// service provider needs the new metadata.
    Saved {
        settings: SsoSettings,
        differences: Vec<ReviewChange>,
        certificate_changed: Option<CertificateChange>,
    },
    /// Someone changed the same fields meanwhile: nothing was written and the draft is as it
    /// was. Choose per field ([`SsoDrafts::resolve`]), review and save again, or discard.
    #[serde(rename_all = "camelCase")]
    Conflict {
        conflicts: Vec<LabelledConflict>,
        settings: SsoSettings,
    },
}

/// Why an SSO use case failed.
#[derive(Debug, thiserror::Error)]
pub enum SsoError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Api(#[from] jumpcloud::Error),
    #[error(transparent)]
    Save(#[from] SaveError),
    #[error(transparent)]
    Rebase(#[from] RebaseError),
    #[error(transparent)]
    Edit(#[from] SsoEditError),
    #[error("{0}")]
    Metadata(String),
    #[error("this application does not use SAML single sign-on")]
    NotSaml,
    #[error("there is no conflict to resolve for this application; save again")]
    NoConflict,
}

/// The Single sign-on drafts of one connection, over its client. See the module notes.
pub struct SsoDrafts<'a> {
    store: DraftStore<SsoDraft>,
    client: &'a Client,
    log: ChangeLog,
}

impl<'a> SsoDrafts<'a> {
    /// The drafts kept in `connection` (the connection's folder), read and saved with `client`.
    pub fn new(connection: &ConnectionDir, client: &'a Client) -> Result<Self, SsoError> {
        Ok(SsoDrafts {
            store: DraftStore::new(connection)?,
            client,
            log: ChangeLog::new(connection.clone()),
        })
    }

    /// The draft of `application_id` if one is kept, without reading JumpCloud.
    pub fn kept(&self, application_id: &str) -> Result<Option<SsoDraft>, SsoError> {
        Ok(self.store.load(application_id)?)
    }

    /// The kept draft, else a fresh one from JumpCloud's copy. A damaged file is an error (the
    /// tab offers [`SsoDrafts::set_aside`]).
    pub async fn open(&self, application_id: &str) -> Result<SsoDraft, SsoError> {
        match self.kept(application_id)? {
            Some(draft) => Ok(draft),
            None => self.fresh(application_id).await,
        }
    }

    /// A fresh draft from the application as JumpCloud holds it now, kept.
    pub async fn fresh(&self, application_id: &str) -> Result<SsoDraft, SsoError> {
        let app = self
            .client
            .get_application(application_id)
            .await?
            .into_value();
        crate::history::keep_versions(self.log.folder(), |h| h.observe(&app));
        if app.pointer("/sso/type").and_then(Value::as_str) != Some("saml") {
            return Err(SsoError::NotSaml);
        }
        let draft = SsoDraft::new(app);
        self.store.save(&draft)?;
        Ok(draft)
    }

    /// Changes one field (kept on disk before answering). A value that fails its check is kept
    /// and shown with its issue; a read-only or unknown field is refused.
    pub async fn edit(&self, application_id: &str, edit: &SsoEdit) -> Result<SsoDraft, SsoError> {
        let mut draft = self.open(application_id).await?;
        apply_edit(&mut draft.edited, edit)?;
        self.store.save(&draft)?;
        Ok(draft)
    }

    /// Fills the draft from SP metadata XML; a file that cannot be used changes nothing.
    pub async fn import(&self, application_id: &str, xml: &str) -> Result<SsoImport, SsoError> {
        let metadata = parse_sp_metadata_off_thread(xml.as_bytes().to_vec())
            .await
            .map_err(SsoError::Metadata)?;
        let mut draft = self.open(application_id).await?;
        let skipped = draft.import(&metadata);
        self.store.save(&draft)?;
        Ok(SsoImport {
            metadata,
            settings: SsoSettings::from(&draft),
            review: edits::review(&draft),
            skipped,
        })
    }

    /// Saves the draft through the engine. A conflict writes nothing and keeps the copy it met
    /// with the draft, for [`SsoDrafts::resolve`].
    pub async fn save(&self, application_id: &str) -> Result<SsoSaveOutcome, SsoError> {
        let mut draft = self.open(application_id).await?;
        match edits::save_draft(self.client, &self.log, "save", &draft).await? {
            Outcome::Saved {
                stored,
                differences,
                certificate,
            } => {
                self.store.discard(application_id)?;
                Ok(SsoSaveOutcome::Saved {
                    settings: SsoSettings::from(&SsoDraft::new(stored)),
                    differences,
                    certificate_changed: certificate,
                })
            }
            Outcome::Conflict { theirs, conflicts } => {
                let conflicts = label_conflicts(&conflicts, &draft.edited, &theirs);
                draft.theirs = Some(theirs);
                self.store.save(&draft)?;
                Ok(SsoSaveOutcome::Conflict {
                    conflicts,
                    settings: SsoSettings::from(&draft),
                })
            }
        }
    }

    /// Rebases the draft onto the copy the conflicting save met, keeping mine or taking theirs
    /// per field; the admin reviews and saves again.
    pub async fn resolve(
        &self,
        application_id: &str,
        choices: &[FieldChoice],
    ) -> Result<SsoDraft, SsoError> {
        let draft = self.open(application_id).await?;
        let theirs = draft.theirs.clone().ok_or(SsoError::NoConflict)?;
        let base = onto(application_id, theirs)?;
        let rebased = SsoDraft {
            edited: replay(&draft.base, &draft.edited, &base, choices)?,
            base,
            application_id: draft.application_id,
            theirs: None,
        };
        self.store.save(&rebased)?;
        Ok(rebased)
    }

    /// Drops the draft (a damaged one too) and starts afresh from JumpCloud's copy.
    pub async fn discard(&self, application_id: &str) -> Result<SsoDraft, SsoError> {
        self.store.discard(application_id)?;
        self.fresh(application_id).await
    }

    /// Moves a damaged draft file aside (a dated copy is kept) and starts afresh.
    pub async fn set_aside(&self, application_id: &str) -> Result<SsoDraft, SsoError> {
        if let Some(kept) = self.store.set_aside(application_id)? {
            tracing::warn!(kept = %kept.display(), "a damaged SSO draft was set aside");
        }
        self.fresh(application_id).await
    }

    /// Forgets the draft of a deleted application.
    pub fn forget(&self, application_id: &str) -> Result<(), SsoError> {
        Ok(self.store.discard(application_id)?)
    }
}
