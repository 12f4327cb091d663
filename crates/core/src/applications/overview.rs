//! One application at a glance: its connector, its SSO facts, the groups bound to it and the users
//! bound directly.

use serde::{Deserialize, Serialize};

use super::groups::BoundGroup;
use super::list::*;
use crate::jumpcloud::{no_progress, read_each, Application, Client, Error, User};

/// A user bound to an application directly (with no user group in between).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BoundUser {
    pub id: String,
    /// Display name, else first and last name, else username; the id for a user that is gone.
    pub name: String,
    pub email: Option<String>,
}

/// The users bound to an application directly: all of them counted, the first few named.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DirectUsers {
    pub count: u32,
    /// At most [`DIRECT_USERS_NAMED`], sorted by name.
    pub named: Vec<BoundUser>,
}

/// How many directly bound users the overview names (one request each); the rest are counted.
pub const DIRECT_USERS_NAMED: usize = 25;

impl BoundUser {
    fn new(user: &User) -> Self {
        let text = |s: &Option<String>| s.as_deref().unwrap_or("").trim().to_owned();
        let full = format!("{} {}", text(&user.firstname), text(&user.lastname));
        let name = [
            text(&user.displayname),
            full.trim().to_owned(),
            text(&user.username),
        ]
        .into_iter()
        .find(|s| !s.is_empty())
        .unwrap_or_else(|| user.id.clone());
        BoundUser {
            id: user.id.clone(),
            name,
            email: user.email.clone().filter(|e| !e.is_empty()),
        }
    }
}

/// Reads the users bound to an application directly and names the first [`DIRECT_USERS_NAMED`]
/// (by id). An edge to a user that no longer exists is listed by its id, not an error.
pub async fn direct_users(client: &Client, application_id: &str) -> Result<DirectUsers, Error> {
    let mut ids: Vec<String> = client
        .application_user_associations(application_id)
        .await?
        .into_iter()
        .filter(|e| e.to.kind == "user")
        .map(|e| e.to.id)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let first = ids.iter().take(DIRECT_USERS_NAMED).cloned();
    let concurrency = client.options().page_concurrency;
    let mut named = read_each(first, concurrency, &no_progress, |id| {
        let client = client.clone();
        async move {
            match client.get_user(&id).await {
                Ok(user) => Ok(BoundUser::new(&user)),
                Err(Error::NotFound { .. }) => Ok(BoundUser {
                    name: id.clone(),
                    id,
                    email: None,
                }),
                Err(err) => Err(err),
            }
        }
    })
    .await?;
    named.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then_with(|| a.id.cmp(&b.id))
    });
    Ok(DirectUsers {
        count: u32::try_from(ids.len()).unwrap_or(u32::MAX),
        named,
    })
}

/// The application page's Overview: the row plus the SSO configuration at a glance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ApplicationOverview {
    pub row: ApplicationRow,
    pub sso_url: Option<String>,
    pub idp_entity_id: Option<String>,
    pub sp_entity_id: Option<String>,
    pub acs_url: Option<String>,
    pub bound_groups: Vec<BoundGroup>,
    pub direct_users: DirectUsers,
}

fn config_value(app: &Application, key: &str) -> Option<String> {
    app.config()
        .and_then(|c| c.get(key))
        .and_then(|f| f.get("value"))
        .and_then(serde_json::Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

impl ApplicationOverview {
    pub fn new(
        app: &Application,
        template: Option<&TemplateFacts>,
        bound_groups: Vec<BoundGroup>,
        direct_users: DirectUsers,
    ) -> Self {
        let direct = bound_groups.iter().filter(|g| g.direct).count();
        ApplicationOverview {
            row: ApplicationRow::new(app, template, u32::try_from(direct).unwrap_or(u32::MAX)),
            sso_url: text(app, "ssoUrl").filter(|s| !s.is_empty()),
            idp_entity_id: config_value(app, "idpEntityId"),
            sp_entity_id: config_value(app, "spEntityId"),
            acs_url: config_value(app, "acsUrl"),
            bound_groups,
            direct_users,
        }
    }
}
