//! Users, organisations, and the "who am I" check of a new connection.

use super::directory::{Organization, User, USER_FIELDS};
use super::error::Error;
use super::http::Call;
use super::paging::{Keyed, OnProgress};
use super::{seg, Client};
use serde::{Deserialize, Serialize};

impl Keyed for User {
    fn key(&self) -> Option<&str> {
        Some(self.id.as_str()).filter(|s| !s.is_empty())
    }
}

impl Keyed for Organization {
    fn key(&self) -> Option<&str> {
        Some(self.id.as_str()).filter(|s| !s.is_empty())
    }
}

/// What a connection check learns: the credentials work, and for which organisation(s).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Identity {
    /// The first organisation the credentials see (the only one, unless multi-tenant).
    pub organization: Option<Organization>,
    /// How many organisations the credentials can act on.
    pub organization_count: u32,
}

#[derive(Deserialize)]
struct OrgPage {
    #[serde(default, deserialize_with = "super::lenient::null_default")]
    results: Vec<Organization>,
    #[serde(rename = "totalCount", default)]
    total_count: Option<u64>,
}

impl Client {
    /// Every user, with the properties JIT can send (requested with `fields=`).
    pub async fn list_users(&self, on_progress: OnProgress<'_>) -> Result<Vec<User>, Error> {
        self.list_v1(
            "/api/systemusers",
            &[("fields", USER_FIELDS.into())],
            on_progress,
        )
        .await
    }

    pub async fn get_user(&self, id: &str) -> Result<User, Error> {
        self.get_json(&Call::get(self, &format!("/api/systemusers/{}", seg(id))))
            .await
    }

    /// The organisations the credentials can act on (several for multi-tenant admins).
    pub async fn list_organizations(
        &self,
        on_progress: OnProgress<'_>,
    ) -> Result<Vec<Organization>, Error> {
        self.list_v1("/api/organizations", &[], on_progress).await
    }

    /// Whether the credentials act on an organisation without naming one (`x-org-id`): a
    /// multi-tenant administrator's key does not, and JumpCloud answers 401 on an organisation's
    /// routes. One request for one application.
    pub async fn acts_without_org_id(&self) -> Result<bool, Error> {
        let call = Call::get(self, "/api/applications")
            .query("limit", "1")
            .query("fields", "_id");
        match self.get_json::<serde_json::Value>(&call).await {
            Ok(_) => Ok(true),
            Err(Error::Unauthorized { .. }) => Ok(false),
            Err(err) => Err(err),
        }
    }

    /// A cheap check of a new connection: one request for one organisation. Fails with
    /// `Unauthorized` for a bad key, `Forbidden`/`NotFound` for a wrong org id.
    pub async fn who_am_i(&self) -> Result<Identity, Error> {
        let call = Call::get(self, "/api/organizations")
            .query("limit", "1")
            .query("fields", "_id displayName logoUrl");
        let page: OrgPage = self.get_json(&call).await?;
        let count = page.total_count.unwrap_or(page.results.len() as u64);
        Ok(Identity {
            organization: page.results.into_iter().next(),
            organization_count: u32::try_from(count).unwrap_or(u32::MAX),
        })
    }
}
