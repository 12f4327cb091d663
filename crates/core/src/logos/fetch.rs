//! One logo over HTTP, by the rules of [`super`]: no credentials sent, redirects only within the
//! origin, a time limit, a size limit, and only images of the kinds SSO Desk shows.

use std::time::Duration;

use url::Url;

use super::{check, sniff, Logo, LogoError, MAX_LOGO_BYTES};

/// How many redirects (within the origin) a fetch follows.
const MAX_REDIRECTS: usize = 3;

/// The HTTP client logos are fetched with: its own, so no connection's key is ever sent along.
#[derive(Debug, Clone)]
pub struct LogoFetcher {
    http: reqwest::Client,
}

impl LogoFetcher {
    /// A fetcher whose every fetch ends within `timeout`.
    pub fn new(timeout: Duration) -> Result<Self, LogoError> {
        crate::jumpcloud::install_tls();
        let redirects = reqwest::redirect::Policy::custom(|attempt| {
            let first = attempt.previous().first().cloned();
            let same_origin = first.is_some_and(|f| f.origin() == attempt.url().origin());
            if attempt.previous().len() > MAX_REDIRECTS {
                attempt.error("too many redirects")
            } else if same_origin && check(attempt.url()).is_ok() {
                attempt.follow()
            } else {
                attempt.stop()
            }
        });
        let http = reqwest::Client::builder()
            .user_agent(crate::jumpcloud::user_agent())
            .connect_timeout(timeout.min(Duration::from_secs(5)))
            .timeout(timeout)
            .redirect(redirects)
            .build()
            .map_err(|e| LogoError::Network {
                message: e.to_string(),
            })?;
        Ok(Self { http })
    }

    /// Fetches the logo at `url` (already checked by [`super::resolve`]).
    pub async fn fetch(&self, url: &Url) -> Result<Logo, LogoError> {
        let network = |e: reqwest::Error| LogoError::Network {
            message: if e.is_timeout() {
                "it took too long".to_owned()
            } else {
                e.to_string()
            },
        };
        let mut response = self
            .http
            .get(url.clone())
            .header(reqwest::header::ACCEPT, "image/*")
            .send()
            .await
            .map_err(network)?;
        let status = response.status();
        if status.is_redirection() {
            // The policy stopped at a redirect to another origin.
            let to = response
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|l| l.to_str().ok())
                .unwrap_or("(no address)")
                .to_owned();
            return Err(LogoError::Redirect { to });
        }
        if !status.is_success() {
            return Err(LogoError::Status {
                status: status.as_u16(),
            });
        }
        let declared = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|c| c.to_str().ok())
            .map(str::to_owned);
        // Refuse a wrong type before reading a byte of it.
        sniff(declared.as_deref(), &[]).or_else(|e| match e {
            LogoError::NotThatImage { declared } => Ok(declared),
            other => Err(other),
        })?;
        if response
            .content_length()
            .is_some_and(|n| n > MAX_LOGO_BYTES as u64)
        {
            return Err(LogoError::TooLarge);
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(network)? {
            if bytes.len() + chunk.len() > MAX_LOGO_BYTES {
                return Err(LogoError::TooLarge);
            }
            bytes.extend_from_slice(&chunk);
        }
        let content_type = sniff(declared.as_deref(), &bytes)?;
        Ok(Logo {
            content_type,
            bytes,
        })
    }
}
