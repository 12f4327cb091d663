//! The front page: the organisation at a glance from what is kept (no request), and the same after
//! reading the applications list again. See [`crate::overview`] for what it shows.

use super::{changes, AppError, Desk};
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
        let id = ConnectionId::new(self.0.session().status().await.id)?;
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
        let log = changes::read(&self.0.profile().connection(id));
        let (rows, at) = kept
            .map(|k| (k.value.rows, Some(k.saved_at_ms as f64)))
            .unwrap_or_default();
        OrgOverview::new(&rows, at, &log, now_secs())
    }
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn the_overview_shows_the_kept_list_and_the_latest_change_without_the_sandbox() {
        let tmp = tempfile::tempdir().expect("a temporary folder");
        let open = || crate::desk::test_desk(tmp.path(), "overview");
        let first = open();
        let empty = first.overview().cached().await.expect("an overview");
        assert_eq!(empty.listed_at_ms, None, "nothing is kept yet");
        assert_eq!(empty.counts.applications, 0);

        let fresh = first.overview().refresh(&|_| {}).await.expect("a refresh");
        let list = first
            .applications()
            .cached()
            .await
            .expect("kept")
            .expect("a list");
        assert_eq!(fresh.counts.applications as usize, list.rows.len());
        let saml = list
            .rows
            .iter()
            .filter(|r| r.sso_type.as_deref() == Some("saml"));
        assert_eq!(
            fresh.certificates.len(),
            saml.count(),
            "one mark per SAML application"
        );
        let app = &list.rows[0];
        let id = crate::profile::ConnectionId::new(first.session().status().await.id).expect("id");
        first.record(&id, "save", &app.id, None, &[]);

        let relaunched = open();
        let shown = relaunched.overview().cached().await.expect("an overview");
        assert_eq!(shown.counts, fresh.counts);
        assert_eq!(shown.changes.len(), 1);
        assert_eq!(
            shown.changes[0].application_label.as_deref(),
            Some(app.display_label.as_str())
        );
        assert!(
            !relaunched.session().sandbox().started(),
            "the kept overview did not wait for the sandbox"
        );
    }
}
