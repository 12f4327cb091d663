//! Which organisation a request is for: one organisation with its own key (the default), or a
//! provider's many (`--orgs N`), each with its own documents, under one provider key.
//!
//! Promises, as JumpCloud answers a multi-tenant key (`shared/jumpcloud-api/README.md`):
//! - with a provider's key, `GET /api/organizations` (v1) and
//!   `GET /api/v2/providers/{provider_id}/organizations` list the organisations; every other
//!   organisation route without `x-org-id` is a 401, an `x-org-id` that is not 24 hex digits a
//!   400, one naming no organisation of the provider a 404;
//! - with an organisation's own key, an `x-org-id` naming another organisation is a 403;
//! - nothing is shared between organisations but the catalog of templates (JumpCloud's, the same
//!   for all) and the fault plan: each has its own applications, users, groups, associations and
//!   files (`orgs/<id>/` under the data directory), and no id of one is an id of another;
//! - a wrong key is a 401 before anything looks at `x-org-id`.

use std::sync::Arc;

use axum::extract::{Path, RawQuery, Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};

use crate::faults::Faults;
use crate::http::{check_key, error_response, ok_json, ApiError, ApiResult};
use crate::query::{pairs, param};
use crate::seed::ids::{is_object_id, Tenant};
use crate::seed::org::{catalog, Counts};
use crate::state::{Common, Seeding, Shared};
use crate::{SandboxError, SandboxOptions, PROVIDER_ID};

/// The organisations a sandbox serves, and the router of each.
pub(crate) struct Tenancy {
    pub(crate) api_key: String,
    pub(crate) faults: Arc<Faults>,
    /// `Some` with a provider's key (`--orgs N`).
    pub(crate) provider_id: Option<String>,
    pub(crate) orgs: Vec<Arc<Shared>>,
    routers: Vec<Router>,
    /// Answers what names no organisation: the lists of organisations and the errors.
    provider: Router,
}

/// Client organisations' names, cycled (with a number once they run out).
const CLIENT_NAMES: [&str; 12] = [
    "Acme Dental",
    "Birch & Co Accountants",
    "Cobalt Logistics",
    "Dunmore Veterinary",
    "Elm Street Architects",
    "Fjord Outdoor",
    "Granite Legal",
    "Harbour Clinics",
    "Indigo Studio",
    "Juniper Schools",
    "Kestrel Freight",
    "Lumen Labs",
];

/// Organisation `k` of a provider: the sample organisation first, then the clients.
pub(crate) fn client(k: usize) -> Tenant {
    if k == 0 {
        return Tenant::sample();
    }
    let base = CLIENT_NAMES[(k - 1) % CLIENT_NAMES.len()];
    let round = (k - 1) / CLIENT_NAMES.len();
    let name = if round == 0 {
        format!("{base} (sample data)")
    } else {
        format!("{base} {} (sample data)", round + 1)
    };
    Tenant {
        tag: u16::try_from(k).unwrap_or(u16::MAX),
        id: format!("5f00000000000000000{:05x}", 0xb0000 + k),
        name,
    }
}

impl Tenancy {
    pub(crate) async fn open(opts: &SandboxOptions) -> Result<Arc<Self>, SandboxError> {
        let common = Common::of(opts)?;
        if opts.orgs > 2_000 {
            return Err(SandboxError::Option(format!(
                "at most 2000 organisations, not {}",
                opts.orgs
            )));
        }
        let mut orgs = Vec::new();
        if opts.orgs == 0 {
            let seeding = Seeding::Sample {
                size: opts.size,
                odd_application: opts.odd_application,
            };
            let dir = opts.data_dir.clone();
            orgs.push(Shared::open(&common, Tenant::sample(), opts.seed, seeding, dir).await?);
        } else {
            let size = opts.size;
            let seed = opts.seed;
            let shared_catalog = tokio::task::spawn_blocking(move || catalog(seed, size))
                .await
                .map_err(|e| SandboxError::Task(format!("seeding: {e}")))?;
            let shared_catalog = Arc::new(shared_catalog);
            for k in 0..opts.orgs {
                let counts = match (k, opts.org_applications) {
                    (0, None) => Counts::of(size),
                    (k, apps) => Counts::client(k, apps),
                };
                let seeding = Seeding::Client {
                    catalog: shared_catalog.clone(),
                    counts,
                };
                let org = client(k);
                let dir = opts.data_dir.join("orgs").join(&org.id);
                let seed = opts.seed.wrapping_add(k as u64);
                orgs.push(Shared::open(&common, org, seed, seeding, dir).await?);
            }
        }
        let routers = orgs
            .iter()
            .map(|o| crate::routes_sandbox::router(o.clone()))
            .collect();
        let provider_id = (opts.orgs > 0).then(|| PROVIDER_ID.to_string());
        let tenancy = Arc::new_cyclic(|me: &std::sync::Weak<Tenancy>| Tenancy {
            api_key: common.api_key.clone(),
            faults: common.faults.clone(),
            provider_id,
            orgs,
            routers,
            provider: provider_router(me.clone()),
        });
        Ok(tenancy)
    }

    /// The router that answers `req`: its organisation's, or the provider's.
    pub(crate) fn router_for<B>(&self, req: &hyper::Request<B>) -> Router {
        let path = req.uri().path();
        if self.provider_id.is_none() || path.starts_with("/logos/") {
            return self.routers[0].clone();
        }
        // The IdP metadata names its organisation in the path and is fetched without a key.
        if let Some(rest) = path.strip_prefix("/api/organizations/") {
            let org = rest.split('/').next().unwrap_or("");
            if let Some(k) = self.position(org) {
                return self.routers[k].clone();
            }
        }
        let listing = path == "/api/organizations" || path.starts_with("/api/v2/providers/");
        let named = req
            .headers()
            .get("x-org-id")
            .and_then(|v| v.to_str().ok())
            .and_then(|org| self.position(org));
        match named {
            Some(k) if !listing => self.routers[k].clone(),
            _ => self.provider.clone(),
        }
    }

    fn position(&self, org: &str) -> Option<usize> {
        self.orgs
            .iter()
            .position(|o| o.org.id.eq_ignore_ascii_case(org))
    }

    /// Re-seeds every organisation.
    pub(crate) async fn reset(&self) -> Result<(), SandboxError> {
        for org in &self.orgs {
            org.reset().await?;
        }
        Ok(())
    }
}

type Me = std::sync::Weak<Tenancy>;

fn provider_router(me: Me) -> Router {
    Router::new()
        .route("/api/organizations", get(list_v1))
        .route("/api/v2/providers/{provider}/organizations", get(list_v2))
        .route("/sandbox/reset", post(reset))
        .route("/sandbox/faults", get(forward).post(forward))
        .fallback(refuse)
        .layer(middleware::from_fn_with_state(me.clone(), authenticate))
        .with_state(me)
}

fn tenancy(me: &Me) -> Result<Arc<Tenancy>, ApiError> {
    me.upgrade()
        .ok_or_else(|| ApiError::internal("the sandbox is stopping"))
}

/// The key first; then an `x-org-id`, when sent, must be well formed and name an organisation.
async fn authenticate(State(me): State<Me>, req: Request, next: Next) -> Response {
    let Ok(t) = tenancy(&me) else {
        return error_response(StatusCode::SERVICE_UNAVAILABLE, "stopping");
    };
    if let Err(e) = check_key(req.headers(), &t.api_key) {
        return e.into_response();
    }
    if let Some(org) = req.headers().get("x-org-id") {
        let org = org.to_str().unwrap_or("");
        if !is_object_id(org) {
            return ApiError::bad_request(format!(
                "invalid x-org-id {org:?}: expected 24 hex digits"
            ))
            .into_response();
        }
        if t.position(org).is_none() {
            return error_response(
                StatusCode::NOT_FOUND,
                &format!("organization {org} not found"),
            );
        }
    }
    next.run(req).await
}

/// What no route answered: an organisation route without `x-org-id`.
async fn refuse(req: Request) -> Response {
    if req.uri().path().starts_with("/api/") || req.uri().path() == "/sandbox/assertion" {
        return error_response(
            StatusCode::UNAUTHORIZED,
            "Unauthorized: x-org-id is required with a multi-tenant administrator's key",
        );
    }
    error_response(StatusCode::NOT_FOUND, "Not Found")
}

/// `limit` (default 10, at most 100) and `skip` of a list of organisations.
fn page(q: Option<String>, total: usize) -> Result<std::ops::Range<usize>, ApiError> {
    let pairs = pairs(q.as_deref());
    let number = |key: &str, default: usize| -> Result<usize, ApiError> {
        param(&pairs, key).map_or(Ok(default), |v| {
            v.parse()
                .map_err(|_| ApiError::bad_request(format!("{key} must be a whole number")))
        })
    };
    let limit = number("limit", 10)?.clamp(1, 100);
    let skip = number("skip", 0)?.min(total);
    Ok(skip..(skip + limit).min(total))
}

async fn list_v1(State(me): State<Me>, RawQuery(q): RawQuery) -> ApiResult {
    let t = tenancy(&me)?;
    let range = page(q, t.orgs.len())?;
    let results: Vec<Value> = t.orgs[range]
        .iter()
        .map(|o| json!({"_id": o.org.id, "displayName": o.org.name, "logoUrl": ""}))
        .collect();
    ok_json(json!({"results": results, "totalCount": t.orgs.len()}))
}

async fn list_v2(
    State(me): State<Me>,
    Path(provider): Path<String>,
    RawQuery(q): RawQuery,
) -> ApiResult {
    let t = tenancy(&me)?;
    if t.provider_id.as_deref() != Some(provider.as_str()) {
        return Err(ApiError::not_found("provider", &provider));
    }
    let range = page(q, t.orgs.len())?;
    let results: Vec<Value> = t.orgs[range]
        .iter()
        .map(|o| json!({"id": o.org.id, "name": o.org.name}))
        .collect();
    ok_json(json!({"results": results, "totalCount": t.orgs.len()}))
}

/// Without `x-org-id`, every organisation is put back as seeded (with one, only that one: its
/// own router answers).
async fn reset(State(me): State<Me>) -> ApiResult {
    tenancy(&me)?
        .reset()
        .await
        .map_err(|e| ApiError::internal(e.to_string()))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// The fault plan is the sandbox's, not an organisation's: any organisation's router answers it.
async fn forward(State(me): State<Me>, req: Request) -> Response {
    let Ok(t) = tenancy(&me) else {
        return error_response(StatusCode::SERVICE_UNAVAILABLE, "stopping");
    };
    use tower::ServiceExt;
    match t.routers[0].clone().oneshot(req).await {
        Ok(res) => res,
        Err(never) => match never {},
    }
}
