//! JumpCloud's v2 routes SSO Desk uses: user groups, associations of applications with user
//! groups and with users bound directly, group members, and the traversals with `paths`.
//!
//! Promises: lists answer bare arrays and take `limit`/`skip` (and `sort`/`filter`/`fields` where
//! JumpCloud offers them); association changes answer 204 and are idempotent; `targets` is
//! required on association lists, as in JumpCloud.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use serde_json::Value;

use crate::graph::Graph;
use crate::http::{ok_json, ApiError, ApiResult};
use crate::query::{pairs, param, Dialect, ListQuery};
use crate::state::Shared;
use crate::store::Collection;

/// Targets JumpCloud accepts on `/applications/{id}/associations`.
const APPLICATION_TARGETS: [&str; 2] = ["user", "user_group"];
/// Targets JumpCloud accepts on `/usergroups/{id}/associations`.
const USER_GROUP_TARGETS: [&str; 10] = [
    "active_directory",
    "application",
    "g_suite",
    "idp_routing_policy",
    "ldap_server",
    "office_365",
    "password_manager_item",
    "radius_server",
    "system",
    "system_group",
];

pub(crate) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/api/v2/usergroups", get(list_groups))
        .route("/api/v2/usergroups/{id}", get(get_group))
        .route(
            "/api/v2/usergroups/{id}/associations",
            get(group_associations).post(change_group_association),
        )
        .route("/api/v2/usergroups/{id}/members", get(group_members))
        .route(
            "/api/v2/usergroups/{id}/applications",
            get(group_applications),
        )
        .route(
            "/api/v2/applications/{id}/associations",
            get(application_associations).post(change_application_association),
        )
        .route(
            "/api/v2/applications/{id}/usergroups",
            get(application_groups),
        )
        .route("/api/v2/applications/{id}/users", get(application_users))
}

async fn list_groups(State(s): State<Arc<Shared>>, RawQuery(q): RawQuery) -> ApiResult {
    let query = ListQuery::parse(&pairs(q.as_deref()), Dialect::V2)?;
    let (page, _) = {
        let db = s.read();
        query.apply(db.groups.iter())
    };
    ok_json(page)
}

async fn get_group(
    State(s): State<Arc<Shared>>,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
) -> ApiResult {
    let query = ListQuery::parse(&pairs(q.as_deref()), Dialect::V2)?;
    let group = s.read().groups.get(&id).map(|g| query.project(&g));
    ok_json(group.ok_or_else(|| ApiError::not_found("user group", &id))?)
}

/// Which object a graph route starts from.
#[derive(Clone, Copy)]
enum Start {
    Application,
    Group,
}

/// Runs `f` over the graph after checking the start object exists, then pages the result.
fn graph_list(
    s: &Shared,
    start: Start,
    id: &str,
    q: Option<String>,
    f: impl FnOnce(&Graph) -> Vec<Value>,
) -> ApiResult {
    let query = ListQuery::parse(&pairs(q.as_deref()), Dialect::V2)?;
    let items = {
        let db = s.read();
        let exists = match start {
            Start::Application => db.applications.contains(id),
            Start::Group => db.groups.contains(id),
        };
        if !exists {
            return Err(match start {
                Start::Application => ApiError::not_found("application", id),
                Start::Group => ApiError::not_found("user group", id),
            });
        }
        f(&db.graph)
    };
    let (page, _) = query.apply(&items);
    ok_json(page)
}

/// The `targets` parameter, required and one of `allowed`.
fn targets(q: &Option<String>, allowed: &[&str]) -> Result<String, ApiError> {
    let pairs = pairs(q.as_deref());
    match param(&pairs, "targets") {
        Some(t) if allowed.contains(&t) => Ok(t.to_string()),
        Some(t) => Err(ApiError::bad_request(format!(
            "invalid targets {t:?}; expected one of {}",
            allowed.join(", ")
        ))),
        None => Err(ApiError::bad_request("targets is required")),
    }
}

async fn application_associations(
    State(s): State<Arc<Shared>>,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
) -> ApiResult {
    let target = targets(&q, &APPLICATION_TARGETS)?;
    graph_list(&s, Start::Application, &id, q, |g| {
        if target == "user_group" {
            g.application_associations(&id)
        } else {
            g.application_user_associations(&id)
        }
    })
}

async fn group_associations(
    State(s): State<Arc<Shared>>,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
) -> ApiResult {
    let target = targets(&q, &USER_GROUP_TARGETS)?;
    graph_list(&s, Start::Group, &id, q, |g| {
        if target == "application" {
            g.group_associations(&id)
        } else {
            Vec::new()
        }
    })
}

async fn group_members(
    State(s): State<Arc<Shared>>,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
) -> ApiResult {
    graph_list(&s, Start::Group, &id, q, |g| g.group_members(&id))
}

async fn group_applications(
    State(s): State<Arc<Shared>>,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
) -> ApiResult {
    graph_list(&s, Start::Group, &id, q, |g| g.group_applications(&id))
}

async fn application_groups(
    State(s): State<Arc<Shared>>,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
) -> ApiResult {
    graph_list(&s, Start::Application, &id, q, |g| {
        g.application_groups(&id)
    })
}

async fn application_users(
    State(s): State<Arc<Shared>>,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
) -> ApiResult {
    graph_list(&s, Start::Application, &id, q, |g| g.application_users(&id))
}

/// A GraphOperation body: `{"op": "add"|"remove", "type": ..., "id": ...}`.
struct Operation {
    add: bool,
    kind: String,
    id: String,
}

fn operation(body: &Bytes) -> Result<Operation, ApiError> {
    let v: Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request(format!("invalid JSON body: {e}")))?;
    let text = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    let add = match text("op").as_deref() {
        Some("add") => true,
        Some("remove") => false,
        _ => return Err(ApiError::bad_request("op must be \"add\" or \"remove\"")),
    };
    let kind = text("type").ok_or_else(|| ApiError::bad_request("type is required"))?;
    let id = text("id").ok_or_else(|| ApiError::bad_request("id is required"))?;
    Ok(Operation { add, kind, id })
}

async fn change_application_association(
    State(s): State<Arc<Shared>>,
    Path(app): Path<String>,
    body: Bytes,
) -> ApiResult {
    let op = operation(&body)?;
    if !APPLICATION_TARGETS.contains(&op.kind.as_str()) {
        return Err(ApiError::bad_request(format!(
            "type {:?} is not supported here; use user or user_group",
            op.kind
        )));
    }
    bind(&s, &app, &op).await
}

async fn change_group_association(
    State(s): State<Arc<Shared>>,
    Path(group): Path<String>,
    body: Bytes,
) -> ApiResult {
    let op = operation(&body)?;
    if op.kind != "application" {
        return Err(ApiError::bad_request(format!(
            "type {:?} is not supported here; use application",
            op.kind
        )));
    }
    let as_app = Operation {
        add: op.add,
        kind: "user_group".into(),
        id: group,
    };
    bind(&s, &op.id, &as_app).await
}

/// Adds or removes the binding between `app` and the group or user `op.id` (by `op.kind`).
async fn bind(s: &Shared, app: &str, op: &Operation) -> ApiResult {
    {
        let mut db = s.write();
        if !db.applications.contains(app) {
            return Err(ApiError::not_found("application", app));
        }
        let user = op.kind == "user";
        if user && !db.users.contains(&op.id) {
            return Err(ApiError::not_found("user", &op.id));
        }
        if !user && !db.groups.contains(&op.id) {
            return Err(ApiError::not_found("user group", &op.id));
        }
        match (user, op.add) {
            (true, true) => db.graph.bind_user(app, &op.id),
            (true, false) => db.graph.unbind_user(app, &op.id),
            (false, true) => db.graph.bind(app, &op.id),
            (false, false) => db.graph.unbind(app, &op.id),
        }
    }
    s.persist(&[Collection::Graph])
        .await
        .map_err(|e| ApiError::internal(e.to_string()))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
