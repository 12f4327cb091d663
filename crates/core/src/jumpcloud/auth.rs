//! Putting credentials on a request.
//!
//! An API key goes in `x-api-key` as is. A service account's client id and secret are exchanged
//! at the token endpoint of its region (`grant_type=client_credentials&scope=api`, HTTP basic
//! auth) for a bearer token that is cached and refreshed shortly before it expires, or at once
//! after JumpCloud answers 401 to it. Only one refresh runs at a time: concurrent page requests
//! wait for it rather than each asking for a token of their own.
//!
//! Both headers are marked sensitive, so the HTTP stack never prints them (in its `Debug`, say)
//! and HTTP/2 never puts them in its compression table.

use super::body::{read_capped, too_large};
use super::connection::{Credentials, Endpoint};
use super::error::Error;
use crate::secret::Secret;
use reqwest::header::{HeaderName, HeaderValue, AUTHORIZATION};
use serde::Deserialize;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Refresh this long before the token's stated expiry.
const REFRESH_MARGIN: Duration = Duration::from_secs(60);

#[derive(Clone)]
struct Token {
    value: Secret,
    refresh_at: Instant,
}

pub(crate) struct Auth {
    credentials: Credentials,
    /// The cached bearer token. A std mutex: it is held only to copy the value in or out.
    token: Mutex<Option<Token>>,
    /// Serialises refreshes (single flight). Guards no data; holding it across the token request
    /// is its whole purpose.
    refresh: tokio::sync::Mutex<()>,
}

/// The header a request carries.
pub(crate) enum AuthHeader {
    ApiKey(Secret),
    Bearer(Secret),
}

/// The largest token answer read; a real one is well under a kilobyte.
const MAX_TOKEN_ANSWER_BYTES: usize = 64 * 1024;

impl AuthHeader {
    /// The header's name and its value, marked sensitive. A credential holding characters a
    /// header cannot carry (a pasted line break, say) is an error that does not repeat it.
    pub(crate) fn to_header(&self) -> Result<(HeaderName, HeaderValue), Error> {
        let (name, value, what) = match self {
            AuthHeader::ApiKey(key) => (
                HeaderName::from_static("x-api-key"),
                HeaderValue::from_str(key.expose()),
                "API key",
            ),
            AuthHeader::Bearer(token) => (
                AUTHORIZATION,
                HeaderValue::from_str(&format!("Bearer {}", token.expose())),
                "access token",
            ),
        };
        let mut value = value.map_err(|_| Error::Setup {
            message: format!(
                "the {what} contains characters that cannot be sent (a line break or a \
                 control character?); enter it again"
            ),
        })?;
        value.set_sensitive(true);
        Ok((name, value))
    }
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    #[serde(default)]
    expires_in: Option<u64>,
}

impl Auth {
    pub(crate) fn new(credentials: Credentials) -> Self {
        Self {
            credentials,
            token: Mutex::new(None),
            refresh: tokio::sync::Mutex::new(()),
        }
    }

    pub(crate) fn org_id(&self) -> Option<&str> {
        self.credentials.org_id()
    }

    pub(crate) fn is_service_account(&self) -> bool {
        matches!(self.credentials, Credentials::ServiceAccount { .. })
    }

    fn cached(&self) -> Option<Token> {
        let guard = self.token.lock().unwrap_or_else(|p| p.into_inner());
        guard
            .as_ref()
            .filter(|t| Instant::now() < t.refresh_at)
            .cloned()
    }

    /// Forgets the bearer token (after a 401), so the next request fetches a new one.
    pub(crate) fn invalidate(&self) {
        let mut guard = self.token.lock().unwrap_or_else(|p| p.into_inner());
        *guard = None;
    }

    /// The header for a request to `base` (the connection's base URL, which also tells which
    /// region's token endpoint a service account uses).
    pub(crate) async fn header(
        &self,
        http: &reqwest::Client,
        base: &str,
    ) -> Result<AuthHeader, Error> {
        let (client_id, client_secret, token_url) = match &self.credentials {
            Credentials::ApiKey { key, .. } => return Ok(AuthHeader::ApiKey(key.clone())),
            Credentials::ServiceAccount {
                client_id,
                client_secret,
                token_url,
                ..
            } => (client_id, client_secret, token_url),
        };
        if let Some(t) = self.cached() {
            return Ok(AuthHeader::Bearer(t.value));
        }
        let _gate = self.refresh.lock().await;
        // Someone else may have refreshed while we waited.
        if let Some(t) = self.cached() {
            return Ok(AuthHeader::Bearer(t.value));
        }
        let url = token_url_for(base, token_url.as_deref());
        let token = fetch_token(http, &url, client_id, client_secret).await?;
        let mut guard = self.token.lock().unwrap_or_else(|p| p.into_inner());
        *guard = Some(token.clone());
        Ok(AuthHeader::Bearer(token.value))
    }
}

/// The token endpoint for a connection to `base`: the explicit one, else its region's.
fn token_url_for(base: &str, explicit: Option<&str>) -> String {
    Endpoint::Custom(base.to_owned()).token_url(explicit)
}

async fn fetch_token(
    http: &reqwest::Client,
    url: &str,
    client_id: &str,
    client_secret: &Secret,
) -> Result<Token, Error> {
    let url = super::connection::validate_base_url(url)?;
    let started = Instant::now();
    let response = http
        .post(url)
        .basic_auth(client_id, Some(client_secret.expose()))
        .header(reqwest::header::ACCEPT, "application/json")
        .header(
            reqwest::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .body("grant_type=client_credentials&scope=api")
        .send()
        .await
        .map_err(|e| Error::from_transport(&e))?;
    let status = response.status().as_u16();
    let read = read_capped(response, MAX_TOKEN_ANSWER_BYTES)
        .await
        .map_err(|e| Error::from_transport(&e))?;
    let body = read.bytes;
    if read.over && (200..300).contains(&status) {
        return Err(too_large(MAX_TOKEN_ANSWER_BYTES));
    }
    if !(200..300).contains(&status) {
        // The OAuth server says 400 invalid_client for a wrong secret; to the admin that is the
        // same as a rejected key.
        return Err(match status {
            400 | 401 => Error::Unauthorized {
                api: super::error::ApiMessage::from_body(&body),
            },
            _ => Error::from_status(status, None, &body),
        });
    }
    let answer: TokenAnswer = serde_json::from_slice(&body).map_err(|e| Error::Decode {
        path: "access_token".into(),
        message: e.to_string(),
    })?;
    let lifetime = Duration::from_secs(answer.expires_in.unwrap_or(3600));
    // Refresh a minute early, or half-way through a very short lifetime.
    let margin = REFRESH_MARGIN.min(lifetime / 2);
    Ok(Token {
        value: Secret::new(answer.access_token),
        refresh_at: started + lifetime - margin,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credential_headers_are_sensitive() {
        let (name, value) = AuthHeader::ApiKey(Secret::new("jc-key"))
            .to_header()
            .expect("a plain key is a header value");
        assert_eq!(name, "x-api-key");
        assert!(
            value.is_sensitive(),
            "the API key header is marked sensitive"
        );
        let (name, value) = AuthHeader::Bearer(Secret::new("tok"))
            .to_header()
            .expect("a plain token is a header value");
        assert_eq!(name, AUTHORIZATION);
        assert_eq!(value, "Bearer tok");
        assert!(
            value.is_sensitive(),
            "the bearer token header is marked sensitive"
        );
    }

    #[test]
    fn a_key_with_a_line_break_is_refused_without_echoing_it() {
        let err = AuthHeader::ApiKey(Secret::new("jc-key-123\nX-Evil: 1"))
            .to_header()
            .expect_err("a line break cannot go in a header");
        assert_eq!(err.code(), "setup");
        assert!(
            !err.to_string().contains("jc-key-123"),
            "the error must not repeat the key: {err}"
        );
    }

    #[test]
    fn service_accounts_get_their_token_in_their_region() {
        for region in crate::jumpcloud::Region::ALL {
            assert_eq!(
                token_url_for(region.base_url(), None),
                region.token_url(),
                "a client on {region:?}'s console asks {region:?}'s token endpoint"
            );
        }
        assert_eq!(
            token_url_for(
                "https://console.eu.jumpcloud.com",
                Some("http://127.0.0.1:9/t")
            ),
            "http://127.0.0.1:9/t",
            "an explicit token URL wins"
        );
    }
}
