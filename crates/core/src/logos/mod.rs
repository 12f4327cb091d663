//! Connector logos: every JumpCloud template and application names its logo (`logo.url`); SSO
//! Desk fetches each once, keeps it in the connection's folder, and serves it to the UI (the app
//! registers a `logo://` protocol over [`Logos::get`]), so the UI never loads anything from the
//! network itself and its content security policy stays closed to other origins.
//!
//! What it promises about a logo it hands out:
//! - it came from an `https://` address, or `http://` on a loopback host (as for any connection);
//!   a relative address is read against the connection's base URL (the sandbox gives
//!   `/logos/<slug>.png`; whether JumpCloud ever does is not known);
//! - redirects were followed only within the same origin (scheme, host and port), at most three;
//! - the answer was a 2xx within [`TIMEOUT`], at most [`MAX_LOGO_BYTES`], declared as PNG, JPEG,
//!   GIF, WebP or SVG, and its bytes are that kind of image (the declared type alone is not
//!   trusted);
//! - SVG, which can carry script, is served with [`Logo::headers`]: a policy that runs nothing
//!   (`default-src 'none'; sandbox`) and `nosniff`. The UI shows logos only in `<img>`, where an
//!   SVG runs no script anyway; the headers keep it inert if anything ever opened one as a page.
//!
//! A logo that cannot be fetched is remembered as failed for [`RETRY_AFTER`], so a list of rows
//! asking for it does not ask the network each time; the UI shows initials instead.

mod fetch;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use url::Url;

use crate::profile::{write_atomically, ConnectionDir};

pub use fetch::LogoFetcher;

/// The largest logo read; connector logos are a few kilobytes.
pub const MAX_LOGO_BYTES: usize = 256 * 1024;
/// How long one fetch may take, from connecting to the last byte.
pub const TIMEOUT: Duration = Duration::from_secs(10);
/// How long a logo that could not be fetched is not asked for again.
pub const RETRY_AFTER: Duration = Duration::from_secs(10 * 60);

/// Why a logo is not shown.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LogoError {
    #[error("{url}: {reason}")]
    NotAllowed { url: String, reason: &'static str },
    #[error("the logo's server answered {status}")]
    Status { status: u16 },
    #[error("the logo is not an image SSO Desk shows (declared {declared:?})")]
    WrongType { declared: Option<String> },
    #[error("the logo's bytes are not the {declared} they are declared as")]
    NotThatImage { declared: &'static str },
    #[error("the logo is larger than {MAX_LOGO_BYTES} bytes")]
    TooLarge,
    #[error("the logo's address redirects elsewhere: {to}")]
    Redirect { to: String },
    #[error("the logo could not be fetched: {message}")]
    Network { message: String },
    #[error("the logo cannot be kept: {message}")]
    Store { message: String },
}

/// The image kinds SSO Desk shows, by MIME type and the file extension kept on disk.
const KINDS: [(&str, &str); 5] = [
    ("image/png", "png"),
    ("image/jpeg", "jpg"),
    ("image/gif", "gif"),
    ("image/webp", "webp"),
    ("image/svg+xml", "svg"),
];

/// A logo ready to serve.
#[derive(Clone, PartialEq)]
pub struct Logo {
    /// One of PNG, JPEG, GIF, WebP or SVG's MIME types, as checked against the bytes.
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for Logo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Logo")
            .field("content_type", &self.content_type)
            .field("bytes", &self.bytes.len())
            .finish()
    }
}

impl Logo {
    /// The response headers a logo is served with: its checked type, no sniffing, and a policy
    /// under which nothing in it runs (SVG can carry script).
    pub fn headers(&self) -> [(&'static str, &'static str); 4] {
        [
            ("Content-Type", self.content_type),
            ("X-Content-Type-Options", "nosniff"),
            (
                "Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; sandbox",
            ),
            ("Cache-Control", "max-age=86400"),
        ]
    }
}

/// `raw` (a `logo.url`) as an absolute address SSO Desk may fetch: relative ones against `base`,
/// and only `https://`, or `http://` on a loopback host.
pub fn resolve(raw: &str, base: Option<&str>) -> Result<Url, LogoError> {
    let refused = |reason| LogoError::NotAllowed {
        url: raw.to_owned(),
        reason,
    };
    let url = match Url::parse(raw.trim()) {
        Ok(url) => url,
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            let base = base.ok_or_else(|| refused("a relative address needs a connection"))?;
            Url::parse(base)
                .and_then(|b| b.join(raw.trim()))
                .map_err(|_| refused("not an address"))?
        }
        Err(_) => return Err(refused("not an address")),
    };
    check(&url).map_err(refused)?;
    Ok(url)
}

/// Whether SSO Desk may fetch `url`: `https://`, or `http://` on a loopback host; no credentials.
pub(crate) fn check(url: &Url) -> Result<(), &'static str> {
    if !url.username().is_empty() || url.password().is_some() {
        return Err("an address with credentials in it is not fetched");
    }
    let loopback = match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => return Err("the address has no host"),
    };
    match url.scheme() {
        "https" => Ok(()),
        "http" if loopback => Ok(()),
        "http" => Err("plain http is fetched only from this computer (loopback)"),
        _ => Err("only https addresses are fetched"),
    }
}

/// The image kind of `bytes`, which must match the declared `content_type`.
pub fn sniff(content_type: Option<&str>, bytes: &[u8]) -> Result<&'static str, LogoError> {
    let declared = content_type
        .and_then(|c| c.split(';').next())
        .map(|c| c.trim().to_ascii_lowercase());
    let kind = KINDS
        .iter()
        .map(|(mime, _)| *mime)
        .find(|mime| declared.as_deref() == Some(*mime))
        .ok_or(LogoError::WrongType {
            declared: declared.clone(),
        })?;
    let looks_right = match kind {
        "image/png" => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "image/jpeg" => bytes.starts_with(&[0xFF, 0xD8, 0xFF]),
        "image/gif" => bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a"),
        "image/webp" => bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP",
        _ => is_svg(bytes),
    };
    if looks_right {
        Ok(kind)
    } else {
        Err(LogoError::NotThatImage { declared: kind })
    }
}

/// UTF-8 text whose first element is `<svg` (after an XML declaration, comments or a doctype).
fn is_svg(bytes: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return false;
    };
    let mut rest = text.trim_start_matches('\u{feff}').trim_start();
    while let Some(after) = rest.strip_prefix("<?").or_else(|| rest.strip_prefix("<!")) {
        let Some(end) = after.find('>') else {
            return false;
        };
        rest = after[end + 1..].trim_start();
    }
    rest.starts_with("<svg")
}

/// A short stable name for `raw` on disk (FNV-1a, 64 bits): addresses can be long and hold any
/// character, file names cannot.
fn file_stem(raw: &str) -> String {
    let hash = raw.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{hash:016x}")
}

/// The logos of every connection: fetched once, kept in each connection's `logos/` folder.
#[derive(Default)]
pub struct Logos {
    fetcher: std::sync::OnceLock<Result<LogoFetcher, LogoError>>,
    /// One gate per address being fetched, so rows asking at once cause one fetch.
    gates: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    failed: Mutex<HashMap<String, (Instant, LogoError)>>,
}

impl Logos {
    /// The logo `raw` of the connection whose folder is `dir`, from its folder or fetched (a
    /// relative `raw` against `base`).
    pub async fn get(
        &self,
        dir: &ConnectionDir,
        raw: &str,
        base: Option<&str>,
    ) -> Result<Logo, LogoError> {
        let folder = dir.sub("logos").map_err(store)?;
        let stem = file_stem(raw);
        let key = format!("{}/{stem}", dir.path().display());
        if let Some(logo) = kept(&folder, &stem) {
            return Ok(logo);
        }
        let gate = {
            let mut gates = self.gates.lock().unwrap_or_else(|e| e.into_inner());
            gates.entry(key.clone()).or_default().clone()
        };
        let _turn = gate.lock().await;
        if let Some(logo) = kept(&folder, &stem) {
            return Ok(logo);
        }
        if let Some(err) = self.recently_failed(&key) {
            return Err(err);
        }
        let fetched = async {
            let url = resolve(raw, base)?;
            let logo = self.fetcher()?.fetch(&url).await?;
            let ext = KINDS
                .iter()
                .find(|(mime, _)| *mime == logo.content_type)
                .map_or("bin", |(_, ext)| *ext);
            let path = folder.file(&format!("{stem}.{ext}")).map_err(store)?;
            write_atomically(&path, &logo.bytes).map_err(store)?;
            Ok::<Logo, LogoError>(logo)
        }
        .await;
        if let Err(err) = &fetched {
            tracing::debug!("no logo for {raw}: {err}");
            let mut failed = self.failed.lock().unwrap_or_else(|e| e.into_inner());
            failed.insert(key, (Instant::now(), err.clone()));
        }
        fetched
    }

    fn fetcher(&self) -> Result<&LogoFetcher, LogoError> {
        self.fetcher
            .get_or_init(|| LogoFetcher::new(TIMEOUT))
            .as_ref()
            .map_err(Clone::clone)
    }

    fn recently_failed(&self, key: &str) -> Option<LogoError> {
        let failed = self.failed.lock().unwrap_or_else(|e| e.into_inner());
        failed
            .get(key)
            .filter(|(at, _)| at.elapsed() < RETRY_AFTER)
            .map(|(_, err)| err.clone())
    }
}

fn store(err: impl std::fmt::Display) -> LogoError {
    LogoError::Store {
        message: err.to_string(),
    }
}

/// The logo kept under `stem` in `folder`, checked again as it is read.
fn kept(folder: &ConnectionDir, stem: &str) -> Option<Logo> {
    KINDS.iter().find_map(|(mime, ext)| {
        let path: PathBuf = folder.file(&format!("{stem}.{ext}")).ok()?;
        let bytes = std::fs::read(path).ok()?;
        let content_type = sniff(Some(mime), &bytes).ok()?;
        Some(Logo {
            content_type,
            bytes,
        })
    })
}

/// The logo address in a `logo://localhost/<address>` request's path, as the UI encoded it
/// (`encodeURIComponent`).
pub fn address_in_path(path: &str) -> Option<String> {
    let encoded = path.strip_prefix('/').unwrap_or(path);
    if encoded.is_empty() {
        return None;
    }
    percent_encoding::percent_decode_str(encoded)
        .decode_utf8()
        .ok()
        .map(|s| s.into_owned())
}
