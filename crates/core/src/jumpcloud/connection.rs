//! Where a connection points and how it proves who it is.
//!
//! A connection is a base URL (a JumpCloud region or a custom address such as the sandbox) plus
//! credentials (an API key, or a service account's client credentials). The base URL must be
//! `https`, except on this computer (127.0.0.0/8, ::1, `localhost`), where the sandbox runs over
//! plain http; anything else is [`Error::InsecureUrl`], so a key is never sent in clear text over
//! a network.

use super::error::Error;
use super::retry::RetryPolicy;
use crate::secret::Secret;
use serde::{Deserialize, Serialize};
use std::net::IpAddr;
use std::time::Duration;
use url::Url;

/// JumpCloud's regions. An organisation answers only in its own region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum Region {
    Us,
    Eu,
    In,
}

impl Region {
    /// Every region.
    pub const ALL: [Region; 3] = [Region::Us, Region::Eu, Region::In];

    pub fn base_url(self) -> &'static str {
        match self {
            Region::Us => "https://console.jumpcloud.com",
            Region::Eu => "https://console.eu.jumpcloud.com",
            Region::In => "https://console.in.jumpcloud.com",
        }
    }

    /// Where the region's service accounts trade client credentials for a bearer token. The
    /// OAuth host carries the same region label as the console (`console.eu.jumpcloud.com`,
    /// `admin-oauth.id.eu.jumpcloud.com`); a token from another region's host is refused.
    pub fn token_url(self) -> &'static str {
        match self {
            Region::Us => SERVICE_ACCOUNT_TOKEN_URL,
            Region::Eu => "https://admin-oauth.id.eu.jumpcloud.com/oauth2/token",
            Region::In => "https://admin-oauth.id.in.jumpcloud.com/oauth2/token",
        }
    }

    /// The region whose console `base` is (any letter case, with or without a trailing slash),
    /// so a custom endpoint typed as `https://console.eu.jumpcloud.com/` still counts as EU.
    pub fn from_base_url(base: &str) -> Option<Region> {
        let url = validate_base_url(base).ok()?;
        let url = url.as_str().trim_end_matches('/');
        Region::ALL.into_iter().find(|r| r.base_url() == url)
    }
}

/// Where the API lives: a region, or a custom base URL (the sandbox, a proxy).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", tag = "kind", content = "value")]
pub enum Endpoint {
    Region(Region),
    Custom(String),
}

impl Endpoint {
    /// The validated base URL, without a trailing slash.
    pub fn base_url(&self) -> Result<Url, Error> {
        match self {
            Endpoint::Region(r) => validate_base_url(r.base_url()),
            Endpoint::Custom(u) => validate_base_url(u),
        }
    }

    /// Where a service account of this endpoint gets its token: `explicit` when the connection
    /// names one, else the region's own token endpoint ([`Region::token_url`]). A custom address
    /// that is a region's console counts as that region; any other custom address (the sandbox,
    /// a proxy) falls back to [`SERVICE_ACCOUNT_TOKEN_URL`] unless it names its own.
    pub fn token_url(&self, explicit: Option<&str>) -> String {
        if let Some(url) = explicit {
            return url.to_owned();
        }
        let region = match self {
            Endpoint::Region(r) => Some(*r),
            Endpoint::Custom(base) => Region::from_base_url(base),
        };
        region
            .map_or(SERVICE_ACCOUNT_TOKEN_URL, Region::token_url)
            .to_owned()
    }
}

/// The token endpoint of JumpCloud service accounts in the US region, and the fallback for a
/// custom endpoint that names none; see [`Endpoint::token_url`] for the other regions.
pub const SERVICE_ACCOUNT_TOKEN_URL: &str = "https://admin-oauth.id.jumpcloud.com/oauth2/token";

/// Whether `s` has the shape of a JumpCloud organisation id: 24 hexadecimal digits (a MongoDB
/// object id), nothing around them.
pub fn is_org_id(s: &str) -> bool {
    s.len() == 24 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// How the client proves who it is. `Debug` never shows a secret.
#[derive(Debug, Clone)]
pub enum Credentials {
    /// `x-api-key`, plus `x-org-id` for multi-tenant admins.
    ApiKey { key: Secret, org_id: Option<String> },
    /// A service account: OAuth client credentials exchanged for a bearer token, refreshed
    /// before it expires. `token_url` defaults to the endpoint's own ([`Endpoint::token_url`]).
    ServiceAccount {
        client_id: String,
        client_secret: Secret,
        org_id: Option<String>,
        token_url: Option<String>,
    },
}

impl Credentials {
    pub fn api_key(key: impl Into<Secret>) -> Self {
        Credentials::ApiKey {
            key: key.into(),
            org_id: None,
        }
    }

    pub fn org_id(&self) -> Option<&str> {
        match self {
            Credentials::ApiKey { org_id, .. } | Credentials::ServiceAccount { org_id, .. } => {
                org_id.as_deref()
            }
        }
    }
}

/// Tuning for one connection. The defaults suit the real service.
#[derive(Debug, Clone)]
pub struct ConnectionOptions {
    pub connect_timeout: Duration,
    /// The whole request, from sending to the last byte of the answer.
    pub request_timeout: Duration,
    pub retry: RetryPolicy,
    /// How many requests are in flight at once on this connection, all reads together (pages of
    /// a list, per-group and per-application reads, several stages at once): a load may start
    /// as many reads as it likes, the connection sends at most this many at a time.
    pub page_concurrency: usize,
    /// Page size; JumpCloud caps it at 100.
    pub page_size: u32,
}

impl Default for ConnectionOptions {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(60),
            retry: RetryPolicy::default(),
            page_concurrency: 8,
            page_size: 100,
        }
    }
}

/// The user agent every request carries.
pub fn user_agent() -> String {
    format!("SSO Desk/{}", env!("CARGO_PKG_VERSION"))
}

/// Parses and checks a base URL: http(s) only, https unless the host is loopback, no credentials,
/// query or fragment in it. The result has no trailing slash in its path.
pub fn validate_base_url(raw: &str) -> Result<Url, Error> {
    let trimmed = raw.trim();
    let invalid = |message: &str| Error::InvalidUrl {
        url: trimmed.to_owned(),
        message: message.to_owned(),
    };
    let mut url = Url::parse(trimmed).map_err(|e| invalid(&e.to_string()))?;
    if !url.username().is_empty() || url.password().is_some() {
        // Never echo a URL that may carry a password.
        return Err(Error::InvalidUrl {
            url: "(hidden: it contains credentials)".to_owned(),
            message: "put credentials in the connection's key field, not in the address".into(),
        });
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("a base address has no query or fragment"));
    }
    let Some(host_is_loopback) = is_loopback(&url) else {
        return Err(invalid("the address has no host"));
    };
    match url.scheme() {
        "https" => {}
        "http" if host_is_loopback => {}
        "http" => {
            return Err(Error::InsecureUrl {
                url: trimmed.to_owned(),
            })
        }
        _ => return Err(invalid("only https addresses are supported")),
    }
    let path = url.path().trim_end_matches('/').to_owned();
    url.set_path(&path);
    Ok(url)
}

/// Whether the URL's host is this machine (`localhost`, `127.0.0.0/8`, `[::1]`); `None` without
/// a host.
fn is_loopback(url: &Url) -> Option<bool> {
    Some(match url.host()? {
        url::Host::Domain(d) => d.eq_ignore_ascii_case("localhost"),
        url::Host::Ipv4(ip) => IpAddr::V4(ip).is_loopback(),
        url::Host::Ipv6(ip) => IpAddr::V6(ip).is_loopback(),
    })
}

/// [`validate_base_url`] for an address that must stay on this machine (a sandbox in its own
/// process): `http://` or `https://` on a loopback host, anything else refused with a message
/// that says so.
pub fn validate_loopback_url(raw: &str) -> Result<Url, Error> {
    let trimmed = raw.trim();
    let parsed = Url::parse(trimmed).ok();
    if !parsed.as_ref().and_then(is_loopback).unwrap_or(false) {
        return Err(Error::InvalidUrl {
            url: parsed.map_or_else(|| trimmed.to_owned(), |u| u.origin().ascii_serialization()),
            message: "the sandbox runs on this machine: give an http:// or https:// address on \
                      a loopback host (127.0.0.1, localhost or [::1])"
                .into(),
        });
    }
    validate_base_url(trimmed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_are_https_and_valid() {
        for r in [Region::Us, Region::Eu, Region::In] {
            let url = Endpoint::Region(r)
                .base_url()
                .expect("region URLs are valid");
            assert_eq!(url.scheme(), "https");
        }
        assert_eq!(Region::Eu.base_url(), "https://console.eu.jumpcloud.com");
    }

    #[test]
    fn each_region_has_its_own_token_url() {
        let expected = [
            (
                Region::Us,
                "https://admin-oauth.id.jumpcloud.com/oauth2/token",
            ),
            (
                Region::Eu,
                "https://admin-oauth.id.eu.jumpcloud.com/oauth2/token",
            ),
            (
                Region::In,
                "https://admin-oauth.id.in.jumpcloud.com/oauth2/token",
            ),
        ];
        for (region, url) in expected {
            assert_eq!(
                Endpoint::Region(region).token_url(None),
                url,
                "a service account of {region:?} gets its token in its own region"
            );
            assert!(
                validate_base_url(url).is_ok(),
                "{url} is a usable https address"
            );
            let console = region.base_url().replace("https://console.", "");
            assert!(
                url.ends_with(&format!("admin-oauth.id.{console}/oauth2/token")),
                "the OAuth host carries the console's region label: {url}"
            );
            assert_eq!(
                Endpoint::Custom(format!("{}/", region.base_url().to_uppercase())).token_url(None),
                url,
                "a custom address that is {region:?}'s console counts as {region:?}"
            );
        }
        assert_eq!(
            Endpoint::Region(Region::Eu).token_url(Some("https://sso.example.com/token")),
            "https://sso.example.com/token",
            "an explicit token URL wins"
        );
        assert_eq!(
            Endpoint::Custom("http://127.0.0.1:4000".into()).token_url(None),
            SERVICE_ACCOUNT_TOKEN_URL,
            "any other custom address keeps the default"
        );
        assert_eq!(
            Endpoint::Custom("http://127.0.0.1:4000".into())
                .token_url(Some("http://127.0.0.1:4000/oauth2/token")),
            "http://127.0.0.1:4000/oauth2/token"
        );
    }

    #[test]
    fn org_ids_are_24_hex_digits() {
        assert!(is_org_id("5f0c1a2b3c4d5e6f7a8b9c0d"));
        assert!(is_org_id("5F0C1A2B3C4D5E6F7A8B9C0D"), "either case");
        for not in [
            "",
            "5f0c1a2b3c4d5e6f7a8b9c0",
            "5f0c1a2b3c4d5e6f7a8b9c0d0",
            "5f0c1a2b3c4d5e6f7a8b9c0g",
            " 5f0c1a2b3c4d5e6f7a8b9c0d",
            "5f0c1a2b3c4d5e6f7a8b9c\u{e9}",
        ] {
            assert!(!is_org_id(not), "{not:?} is not an organisation id");
        }
    }

    #[test]
    fn plain_http_only_on_loopback() {
        for ok in [
            "http://127.0.0.1:8080",
            "http://127.8.9.10",
            "http://[::1]:3000/",
            "http://localhost:1234",
            "http://LOCALHOST",
            "https://jc.example.com/",
        ] {
            assert!(validate_base_url(ok).is_ok(), "{ok} should be accepted");
        }
        for insecure in [
            "http://10.0.0.1",
            "http://console.jumpcloud.com",
            "http://localhost.example.com",
        ] {
            let err = validate_base_url(insecure).expect_err("plain http over a network");
            assert_eq!(err.code(), "insecure_url", "{insecure}");
        }
        for invalid in ["ftp://127.0.0.1", "not a url", "https://x.example/?a=1"] {
            assert_eq!(
                validate_base_url(invalid).map(|_| ()).map_err(|e| e.code()),
                Err("invalid_url")
            );
        }
    }

    #[test]
    fn base_url_loses_trailing_slash_and_hides_userinfo() {
        let url = validate_base_url("https://proxy.example.com/jc/").expect("valid");
        assert_eq!(url.as_str(), "https://proxy.example.com/jc");
        let err = validate_base_url("https://user:hunter2@example.com").expect_err("userinfo");
        assert!(
            !err.to_string().contains("hunter2"),
            "the password must not be echoed: {err}"
        );
    }

    #[test]
    fn credentials_debug_hides_secrets() {
        let creds = Credentials::ServiceAccount {
            client_id: "id".into(),
            client_secret: Secret::new("s3cr3t-value"),
            org_id: Some("org".into()),
            token_url: None,
        };
        let printed = format!("{creds:?} {:?}", Credentials::api_key("k3y-value"));
        assert!(
            !printed.contains("s3cr3t-value") && !printed.contains("k3y-value"),
            "{printed}"
        );
    }
}
