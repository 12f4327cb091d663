//! The front page: the organisation at a glance from what is kept (no request), and the same after
//! reading the applications list again. See [`crate::overview`] for what it shows.

use super::{AppError, Desk};
use crate::applications::ApplicationsLoadProgress;
use crate::overview::OrgOverview;
use crate::profile::ConnectionId;
use crate::sso::certificate::now_secs;

/// The Overview page.
pub struct Overview<'a>(pub(super) &'a Desk);

impl Overview<'_> {
    /// The overview of the active connection from its kept list and change log, instantly. Like
    /// the kept list, it needs only the connection's id: at launch the embedded sandbox may still
    /// be starting.
    pub async fn cached(&self) -> Result<OrgOverview, AppError> {
        let id = self.0.session().active_id().await?;
        Ok(self.of(&id))
    }

    /// Reads the applications list again (progress reported, the list kept as the Applications
    /// page keeps it) and answers the overview.
    pub async fn refresh(
        &self,
        on_progress: &(dyn Fn(ApplicationsLoadProgress) + Send + Sync),
    ) -> Result<OrgOverview, AppError> {
        self.0.applications().refresh(on_progress).await?;
        self.cached().await
    }

    fn of(&self, id: &ConnectionId) -> OrgOverview {
        let kept = self.0.applications().kept(id);
        let log = self.0.change_log(id).read();
        let (rows, at) = kept
            .map(|k| (k.value.rows, Some(k.saved_at_ms as f64)))
            .unwrap_or_default();
        OrgOverview::new(&rows, at, &log, now_secs())
    }
}
