//! User groups and the applications bound to them: read, bind, unbind. A change is followed by a
//! fresh read, so what the UI shows is what JumpCloud holds.

use super::{AppError, Desk};
use crate::applications::{self, GroupApplication, UserGroupRow};
use crate::connections::session::Connected;
use crate::jumpcloud::no_progress;

/// The User groups page.
pub struct Groups<'a>(pub(super) &'a Desk);

impl Groups<'_> {
    /// Every user group of the organisation, sorted by name.
    pub async fn list(&self) -> Result<Vec<UserGroupRow>, AppError> {
        let connected = self.0.session().connect().await?;
        let groups = connected.client.list_user_groups(&no_progress).await?;
        Ok(applications::user_group_rows(&groups))
    }

    /// The applications a group opens, directly or through other groups.
    pub async fn applications(&self, group_id: &str) -> Result<Vec<GroupApplication>, AppError> {
        let connected = self.0.session().connect().await?;
        self.read(&connected, group_id).await
    }

    /// Binds the group to the application, then reads the group's applications again.
    pub async fn bind(
        &self,
        group_id: &str,
        application_id: &str,
    ) -> Result<Vec<GroupApplication>, AppError> {
        let connected = self.0.session().connect().await?;
        connected
            .client
            .bind_group(application_id, group_id)
            .await?;
        let rows = self.read(&connected, group_id).await?;
        self.verify(&connected, "bind", group_id, application_id, &rows, true)?;
        Ok(rows)
    }

    /// Unbinds the group from the application, then reads the group's applications again.
    pub async fn unbind(
        &self,
        group_id: &str,
        application_id: &str,
    ) -> Result<Vec<GroupApplication>, AppError> {
        let connected = self.0.session().connect().await?;
        connected
            .client
            .unbind_group(application_id, group_id)
            .await?;
        let rows = self.read(&connected, group_id).await?;
        self.verify(&connected, "unbind", group_id, application_id, &rows, false)?;
        Ok(rows)
    }

    /// Checks the read-back: after a bind the group is bound directly, after an unbind it is
    /// not. The outcome goes to the change log; a mismatch is an error the admin sees.
    fn verify(
        &self,
        connected: &Connected,
        action: &str,
        group_id: &str,
        application_id: &str,
        rows: &[GroupApplication],
        bound: bool,
    ) -> Result<(), AppError> {
        let direct = rows
            .iter()
            .any(|r| r.application.id == application_id && r.direct);
        self.0
            .record(&connected.id, action, application_id, Some(group_id), &[]);
        if direct == bound {
            return Ok(());
        }
        Err(AppError::Server {
            message: format!(
                "JumpCloud accepted the {action}, but reading the group back shows the \
                 application {}: check it in JumpCloud.",
                if bound { "not bound" } else { "still bound" }
            ),
        })
    }

    async fn read(
        &self,
        connected: &Connected,
        group_id: &str,
    ) -> Result<Vec<GroupApplication>, AppError> {
        let client = &connected.client;
        let accesses = client.group_applications(group_id).await?;
        let groups = client.list_user_groups(&no_progress).await?;
        let kept = self.0.applications().kept(&connected.id).map(|c| c.value);
        let (known, templates) = kept.map(|l| (l.rows, l.templates)).unwrap_or_default();
        let ids = applications::application_ids(&accesses);
        let rows = applications::rows_for(client, &ids, &known, &templates).await?;
        Ok(applications::group_applications(&accesses, &rows, &groups))
    }
}
