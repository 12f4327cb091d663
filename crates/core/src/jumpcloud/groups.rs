//! User groups, who belongs to them, and which applications they open.
//!
//! All of this is the v2 association graph: direct associations (`/associations`, edges: to user
//! groups, and to users bound to an application with no group in between) and
//! traversals (`/applications`, `/users`, objects with the `paths` that reach them, summarised as
//! [`Access`]: direct or through which groups).
//!
//! Binding a group to an application is `POST /api/v2/applications/{id}/associations` with
//! `{"op": "add"|"remove", "type": "user_group", "id": group}`. Repeating it leaves the same graph,
//! so it is retried like a GET. An `add` answered 409 (the association exists) and a `remove`
//! answered 404 (it does not) are success: the graph is as the admin asked.

use super::directory::{Access, GraphConnection, GraphObjectWithPaths, UserGroup};
use super::error::Error;
use super::http::Call;
use super::paging::{Keyed, OnProgress};
use super::retry::Repeat;
use super::{no_progress, seg, Client};
use reqwest::Method;
use serde_json::json;

impl Keyed for UserGroup {
    fn key(&self) -> Option<&str> {
        Some(self.id.as_str()).filter(|s| !s.is_empty())
    }
}

impl Keyed for GraphConnection {
    fn key(&self) -> Option<&str> {
        Some(self.to.id.as_str()).filter(|s| !s.is_empty())
    }
}

impl Keyed for GraphObjectWithPaths {
    fn key(&self) -> Option<&str> {
        Some(self.id.as_str()).filter(|s| !s.is_empty())
    }
}

/// Add or remove an association.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Add,
    Remove,
}

impl Client {
    pub async fn list_user_groups(
        &self,
        on_progress: OnProgress<'_>,
    ) -> Result<Vec<UserGroup>, Error> {
        self.list_v2("/api/v2/usergroups", &[], on_progress).await
    }

    pub async fn get_user_group(&self, id: &str) -> Result<UserGroup, Error> {
        self.get_json(&Call::get(self, &format!("/api/v2/usergroups/{}", seg(id))))
            .await
    }

    /// The applications a group opens (traversal), each direct or through which groups.
    pub async fn group_applications(&self, group_id: &str) -> Result<Vec<Access>, Error> {
        let path = format!("/api/v2/usergroups/{}/applications", seg(group_id));
        let found: Vec<GraphObjectWithPaths> = self.list_v2(&path, &[], &no_progress).await?;
        Ok(found
            .iter()
            .map(|f| Access::from_paths(group_id, f))
            .collect())
    }

    /// The group's direct associations with applications (edges).
    pub async fn group_associations(&self, group_id: &str) -> Result<Vec<GraphConnection>, Error> {
        let path = format!("/api/v2/usergroups/{}/associations", seg(group_id));
        self.list_v2(&path, &[("targets", "application".into())], &no_progress)
            .await
    }

    /// The groups bound to an application (traversal).
    pub async fn application_groups(&self, application_id: &str) -> Result<Vec<Access>, Error> {
        let path = format!("/api/v2/applications/{}/usergroups", seg(application_id));
        let found: Vec<GraphObjectWithPaths> = self.list_v2(&path, &[], &no_progress).await?;
        Ok(found
            .iter()
            .map(|f| Access::from_paths(application_id, f))
            .collect())
    }

    /// The application's direct associations with user groups (edges).
    pub async fn application_associations(
        &self,
        application_id: &str,
    ) -> Result<Vec<GraphConnection>, Error> {
        self.application_edges(application_id, "user_group").await
    }

    /// The users bound to an application directly, with no user group in between (edges).
    pub async fn application_user_associations(
        &self,
        application_id: &str,
    ) -> Result<Vec<GraphConnection>, Error> {
        self.application_edges(application_id, "user").await
    }

    /// The application's edges to objects of one kind (`targets` is required by JumpCloud).
    async fn application_edges(
        &self,
        application_id: &str,
        target: &str,
    ) -> Result<Vec<GraphConnection>, Error> {
        let path = format!("/api/v2/applications/{}/associations", seg(application_id));
        self.list_v2(&path, &[("targets", target.into())], &no_progress)
            .await
    }

    /// The users who can use an application (traversal), each direct or through which groups.
    pub async fn application_users(
        &self,
        application_id: &str,
        on_progress: OnProgress<'_>,
    ) -> Result<Vec<Access>, Error> {
        let path = format!("/api/v2/applications/{}/users", seg(application_id));
        let found: Vec<GraphObjectWithPaths> = self.list_v2(&path, &[], on_progress).await?;
        Ok(found
            .iter()
            .map(|f| Access::from_paths(application_id, f))
            .collect())
    }

    /// A group's direct members (edges to users).
    pub async fn group_members(
        &self,
        group_id: &str,
        on_progress: OnProgress<'_>,
    ) -> Result<Vec<GraphConnection>, Error> {
        let path = format!("/api/v2/usergroups/{}/members", seg(group_id));
        self.list_v2(&path, &[], on_progress).await
    }

    /// Binds a user group to an application. Already bound counts as done.
    pub async fn bind_group(&self, application_id: &str, group_id: &str) -> Result<(), Error> {
        self.associate(application_id, group_id, Op::Add).await
    }

    /// Unbinds a user group from an application. Not bound counts as done.
    pub async fn unbind_group(&self, application_id: &str, group_id: &str) -> Result<(), Error> {
        self.associate(application_id, group_id, Op::Remove).await
    }

    async fn associate(&self, application_id: &str, group_id: &str, op: Op) -> Result<(), Error> {
        let body = association_body(group_id, op);
        let path = format!("/api/v2/applications/{}/associations", seg(application_id));
        let call = Call::new(self, Method::POST, &path, Some(&body), Repeat::Safe);
        match self.execute(&call, |_| Ok(())).await {
            Ok(()) => Ok(()),
            Err(f) => match (op, &f.error) {
                (Op::Add, Error::BadRequest { status: 409, .. }) => Ok(()),
                (Op::Remove, Error::NotFound { .. }) => Ok(()),
                _ => Err(f.error),
            },
        }
    }
}

/// The request body of an association change (`GraphOperation-Application`).
fn association_body(group_id: &str, op: Op) -> serde_json::Value {
    let op = match op {
        Op::Add => "add",
        Op::Remove => "remove",
    };
    json!({"op": op, "type": "user_group", "id": group_id})
}

/// The bodies the client sends, for spec validation in tests.
#[doc(hidden)]
pub fn sample_association_bodies() -> Vec<serde_json::Value> {
    vec![
        association_body("5f0c1b2a3d4e5f6a7b8c9d0e", Op::Add),
        association_body("5f0c1b2a3d4e5f6a7b8c9d0e", Op::Remove),
    ]
}
