//! The JumpCloud API client: everything SSO Desk shows or changes goes through here, against
//! JumpCloud or the sandbox alike (only the base URL and the credentials differ).
//!
//! What it promises:
//! - **Complete**: lists are read to the end (see [`paging`]), concurrently where the total is
//!   known, with progress reported to the caller.
//! - **Lossless**: an [`Application`] is the server's JSON object; an update sends the complete
//!   object, so fields SSO Desk does not model survive untouched.
//! - **Safe updates**: [`Client::update_application`] re-reads the application and replays the
//!   admin's edits onto it with a three-way merge; fields changed on both sides come back as
//!   [`Error::Conflict`] instead of one side silently winning.
//! - **Polite**: bounded retries with backoff, jitter and `Retry-After` for requests that are safe
//!   to repeat; a create is never blindly repeated, so an admin never gets two copies.
//! - **Typed**: every failure is an [`Error`] with a stable code; the key never appears in one.
//!
//! One [`Client`] per connection; it is cheap to clone (the clones share one HTTP pool).

mod applications;
mod auth;
mod body;
mod brief;
mod connection;
mod directory;
mod error;
mod groups;
mod http;
mod lenient;
mod models;
mod org_sync;
mod paging;
mod retry;
mod sample_data;
#[cfg(test)]
mod test_server;
mod users;

#[doc(hidden)]
pub use applications::create_body;
pub use applications::ApplicationFilter;
pub use brief::ApplicationBrief;
pub use connection::{
    is_org_id, user_agent, validate_base_url, validate_loopback_url, ConnectionOptions,
    Credentials, Endpoint, Region, SERVICE_ACCOUNT_TOKEN_URL,
};
pub use directory::{
    Access, GraphConnection, GraphObject, GraphObjectWithPaths, Organization, User, UserAttribute,
    UserGroup,
};
pub use error::{ApiMessage, Error};
#[doc(hidden)]
pub use groups::sample_association_bodies;
pub use models::{
    Application, ApplicationSummary, JitAttribute, Logo, Template, TemplateJit, TemplateLifecycle,
    TemplateSso,
};
pub use org_sync::{Binding, OrgSync, SyncProgress, SyncStage};
pub(crate) use paging::read_each;
#[doc(hidden)]
pub use paging::{decode_v1_page, decode_v2_page};
pub use paging::{no_progress, OnProgress, Progress};
pub use retry::RetryPolicy;
pub use users::Identity;

use std::sync::Arc;
use url::Url;

/// A connection to one JumpCloud organisation (or the sandbox).
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    /// The organisation this client acts on for a provider's credentials (see
    /// [`Client::for_org`]); `None` sends the credentials' own `x-org-id`, if any.
    org: Option<Arc<str>>,
}

struct Inner {
    http: reqwest::Client,
    /// The base URL without a trailing slash, e.g. `https://console.jumpcloud.com`.
    base: String,
    origin: url::Origin,
    auth: auth::Auth,
    options: ConnectionOptions,
    /// One permit per request in flight (see [`ConnectionOptions::page_concurrency`]).
    in_flight: tokio::sync::Semaphore,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Credentials stay out; Auth holds only Secrets, but there is no reason to print it.
        f.debug_struct("Client")
            .field("base", &self.inner.base)
            .finish_non_exhaustive()
    }
}

/// Makes ring the process's TLS provider, which every `reqwest::Client` needs (reqwest is built
/// without one, see the workspace manifest). Cheap and idempotent: a provider already installed,
/// by this or by the host application, stays.
pub fn install_tls() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

impl Client {
    /// Builds the client (no request is sent; see [`Client::who_am_i`] to check credentials).
    pub fn new(
        endpoint: &Endpoint,
        credentials: Credentials,
        options: ConnectionOptions,
    ) -> Result<Self, Error> {
        let base_url = endpoint.base_url()?;
        if let Credentials::ServiceAccount {
            token_url: Some(t), ..
        } = &credentials
        {
            validate_base_url(t)?;
        }
        install_tls();
        let http = reqwest::Client::builder()
            .user_agent(user_agent())
            .connect_timeout(options.connect_timeout)
            .timeout(options.request_timeout)
            // Redirects could carry the key to another host; JumpCloud's API does not redirect.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| Error::Setup {
                message: e.to_string(),
            })?;
        let base = base_url.as_str().trim_end_matches('/').to_owned();
        Ok(Self {
            inner: Arc::new(Inner {
                http,
                base,
                origin: base_url.origin(),
                auth: auth::Auth::new(credentials),
                in_flight: tokio::sync::Semaphore::new(options.page_concurrency.max(1)),
                options,
            }),
            org: None,
        })
    }

    /// The same connection acting on organisation `org_id` (a multi-tenant administrator's
    /// credentials): every request it sends carries `x-org-id: org_id`, and only that one. It
    /// shares the connection's HTTP pool, its credentials (and bearer token) and its limit of
    /// requests in flight, so loading many organisations at once still sends at most
    /// [`ConnectionOptions::page_concurrency`] requests at a time.
    pub fn for_org(&self, org_id: &str) -> Client {
        Client {
            inner: self.inner.clone(),
            org: Some(Arc::from(org_id)),
        }
    }

    /// The organisation requests name with `x-org-id`, if any.
    pub fn org_id(&self) -> Option<&str> {
        self.org.as_deref().or_else(|| self.inner.auth.org_id())
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base
    }

    pub fn options(&self) -> &ConnectionOptions {
        &self.inner.options
    }

    /// `path` starts with `/api/...`.
    fn url(&self, path: &str) -> String {
        format!("{}{}", self.inner.base, path)
    }

    /// `link` made absolute against the base, if it stays on the same origin.
    fn same_origin(&self, link: &str) -> Option<String> {
        let base = Url::parse(&self.inner.base).ok()?;
        let url = base.join(link).ok()?;
        (url.origin() == self.inner.origin).then(|| url.to_string())
    }
}

/// Percent-encodes one path segment so that an id, whatever it holds, addresses one object and
/// never another path (ids come from the server and from files, but are never trusted blindly).
///
/// Encoding the bytes is not enough: a URL parser (WHATWG, as the one under reqwest) treats `.`,
/// `..` and their percent-encoded spellings (`%2e`, `.%2E`, `%2E%2E`) as dot segments and
/// removes them, so `/api/v2/applications/../usergroups` would list every user group. Such a
/// segment (and the empty one, which would address the collection) is therefore sent
/// double-encoded: `%252E%252E` (`%00` for the empty one) names no object, and JumpCloud answers
/// 404 instead of serving another path.
fn seg(id: &str) -> String {
    if id.is_empty() {
        return "%00".to_owned();
    }
    if id == "." || id == ".." {
        return "%252E".repeat(id.len());
    }
    url::form_urlencoded::byte_serialize(id.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

#[cfg(test)]
mod tests {
    use super::seg;

    /// What a URL parser makes of `base` + `/x/{seg(id)}/y`: the path must keep three segments
    /// with the id in the middle.
    fn parsed(id: &str) -> String {
        let url = url::Url::parse(&format!("https://h/x/{}/y", seg(id))).expect("a URL");
        url.path().to_owned()
    }

    #[test]
    fn no_id_changes_the_path() {
        for id in [
            "", ".", "..", "%2e", "%2E%2E", ".%2E", "a/../b", "a?b#c", "a b+c",
        ] {
            let path = parsed(id);
            let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
            assert_eq!(segments.len(), 3, "{id:?} became {path}");
            assert_eq!(
                (segments[0], segments[2]),
                ("x", "y"),
                "{id:?} became {path}"
            );
            assert!(!segments[1].is_empty(), "{id:?} became {path}");
        }
        assert_eq!(
            parsed("5f0000000002000000000000"),
            "/x/5f0000000002000000000000/y"
        );
        assert_eq!(parsed("a.b"), "/x/a.b/y", "a dot inside an id is kept");
    }
}
