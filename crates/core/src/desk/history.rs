//! An application's History tab and the way back: its versions (when, what changed, who),
//! a compare of any two, a restore of any one through the edit engine, and bringing a deleted
//! application back. The versions are kept by [`crate::history`]; this connects, calls it and
//! maps the error.

use serde::Serialize;

use super::{AppError, Desk};
use crate::connections::session::Connected;
use crate::edits::review::changes;
use crate::edits::ReviewChange;
use crate::history::{
    History, RestoreOutcome, RestoreReview, RestoredApplication, Restores, VersionEntry,
    VersionSource,
};
use crate::profile::ConnectionId;

/// One version as the History tab lists it.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct VersionRow {
    /// The version's content hash: what compare and restore name it by.
    pub id: String,
    /// Milliseconds since the Unix epoch.
    pub at_ms: f64,
    /// "SSO Desk", "Changed outside SSO Desk", "Created", "Deleted" or "First seen".
    pub who: String,
    pub source: VersionSource,
    /// The labels of the fields that changed since the version before.
    pub changed: Vec<String>,
}

impl From<VersionEntry> for VersionRow {
    fn from(v: VersionEntry) -> Self {
        let who = match &v.source {
            VersionSource::SsoDesk { .. } => "SSO Desk",
            VersionSource::Outside => "Changed outside SSO Desk",
            VersionSource::Created => "Created",
            VersionSource::Deleted => "Deleted",
            VersionSource::FirstSeen => "First seen",
        };
        VersionRow {
            id: v.hash,
            at_ms: v.at_ms as f64,
            who: who.to_owned(),
            source: v.source,
            changed: v.changed,
        }
    }
}

/// An application's versions, newest first.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ApplicationHistory {
    pub application_id: String,
    pub versions: Vec<VersionRow>,
}

/// A deleted application SSO Desk can bring back.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DeletedApplication {
    pub id: String,
    pub display_label: String,
    /// The connector (template `name`).
    pub template_name: String,
    pub deleted_at_ms: f64,
    /// User groups that were bound to it (bound again on restore).
    pub bound_groups: u32,
}

/// The History tab and restores.
pub struct HistoryTab<'a>(pub(super) &'a Desk);

impl HistoryTab<'_> {
    fn history(&self, connection: &ConnectionId) -> Result<History, AppError> {
        Ok(History::new(&self.0.profile().connection(connection))?)
    }

    fn restores<'c>(&self, c: &'c Connected) -> Result<Restores<'c>, AppError> {
        Ok(Restores::new(
            &self.0.profile().connection(&c.id),
            &c.client,
        )?)
    }

    /// The application's versions, newest first. It is read first, so a change made outside SSO
    /// Desk since the last look shows; a deleted (or unreachable) application still has its
    /// history.
    pub async fn versions(&self, application_id: &str) -> Result<ApplicationHistory, AppError> {
        let c = self.0.session().connect().await?;
        let history = self.history(&c.id)?;
        let deleted = history
            .head(application_id)?
            .is_some_and(|h| h.deleted_at_ms.is_some());
        if !deleted {
            match c.client.get_application(application_id).await {
                Ok(app) => history.observe(&app.to_value())?,
                Err(err) => tracing::debug!("the application was not read for its history: {err}"),
            }
        }
        Ok(ApplicationHistory {
            application_id: application_id.to_owned(),
            versions: history
                .versions(application_id)?
                .into_iter()
                .map(VersionRow::from)
                .collect(),
        })
    }

    /// What changed from version `from` to version `to`, labelled as every review.
    pub async fn compare(
        &self,
        application_id: &str,
        from: &str,
        to: &str,
    ) -> Result<Vec<ReviewChange>, AppError> {
        let id = ConnectionId::new(self.0.session().status().await.id)?;
        let history = self.history(&id)?;
        let known = history.versions(application_id)?;
        let object = |hash: &str| -> Result<serde_json::Value, AppError> {
            if !known.iter().any(|v| v.hash == hash) {
                return Err(AppError::not_found("this version is not in the history"));
            }
            history
                .object(hash)?
                .ok_or_else(|| AppError::not_found("this version's content is missing"))
        };
        Ok(changes(&object(from)?, &object(to)?))
    }

    /// Opens a restore of version `version` as a draft and returns its review.
    pub async fn review_restore(
        &self,
        application_id: &str,
        version: &str,
    ) -> Result<RestoreReview, AppError> {
        let c = self.0.session().connect().await?;
        Ok(self.restores(&c)?.open(application_id, version).await?)
    }

    /// Saves the open restore through the edit engine.
    pub async fn save_restore(&self, application_id: &str) -> Result<RestoreOutcome, AppError> {
        let c = self.0.session().connect().await?;
        Ok(self.restores(&c)?.save(application_id).await?)
    }

    /// Brings a deleted application back from its last version, with its groups.
    pub async fn restore_deleted(
        &self,
        application_id: &str,
    ) -> Result<RestoredApplication, AppError> {
        let c = self.0.session().connect().await?;
        Ok(self.restores(&c)?.restore_deleted(application_id).await?)
    }

    /// The deleted applications of `connection` that can be brought back, newest first. A
    /// history that cannot be read has none (and says so in the log).
    pub(super) fn deleted(&self, connection: &ConnectionId) -> Vec<DeletedApplication> {
        let found = self.history(connection).and_then(|h| Ok(h.deleted()?));
        let mut rows: Vec<DeletedApplication> = match found {
            Ok(found) => found
                .into_iter()
                .map(|(id, h)| DeletedApplication {
                    id,
                    display_label: h.label,
                    template_name: h.name,
                    deleted_at_ms: h.deleted_at_ms.unwrap_or_default() as f64,
                    bound_groups: h
                        .bindings
                        .map_or(0, |b| u32::try_from(b.len()).unwrap_or(u32::MAX)),
                })
                .collect(),
            Err(err) => {
                tracing::warn!("the deleted applications could not be read: {err}");
                Vec::new()
            }
        };
        rows.sort_by(|a, b| b.deleted_at_ms.total_cmp(&a.deleted_at_ms));
        rows
    }
}
