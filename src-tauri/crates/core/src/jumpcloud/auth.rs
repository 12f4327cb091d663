//! Putting credentials on a request.
//!
//! An API key goes in `x-api-key` as is. A service account's client id and secret are exchanged
//! at the token endpoint (`grant_type=client_credentials&scope=api`, HTTP basic auth) for a bearer
//! token that is cached and refreshed shortly before it expires, or at once after JumpCloud
//! answers 401 to it. Only one refresh runs at a time: concurrent page requests wait for it rather
//! than each asking for a token of their own.

use super::connection::{Credentials, SERVICE_ACCOUNT_TOKEN_URL};
use super::error::Error;
use crate::connections::secret::Secret;
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

    pub(crate) async fn header(&self, http: &reqwest::Client) -> Result<AuthHeader, Error> {
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
        let url = token_url.as_deref().unwrap_or(SERVICE_ACCOUNT_TOKEN_URL);
        let token = fetch_token(http, url, client_id, client_secret).await?;
        let mut guard = self.token.lock().unwrap_or_else(|p| p.into_inner());
        *guard = Some(token.clone());
        Ok(AuthHeader::Bearer(token.value))
    }
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
    let body = response
        .bytes()
        .await
        .map_err(|e| Error::from_transport(&e))?;
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
