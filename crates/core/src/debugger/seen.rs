//! The IdP certificates seen per application, kept in the connection's folder, so that a response
//! signed before a certificate was replaced is named for what it is ("an older certificate of this
//! application") rather than just "not the current one".
//!
//! Promises: only certificates are kept (public; never a private key), at most [`KEEP_PER_APP`]
//! per application, newest first; the file is rewritten only when a certificate is new or a day
//! has passed since one was last seen, so reading applications stays cheap.

use serde::{Deserialize, Serialize};

use super::signature::{fingerprint, KnownAs, KnownCertificate};
use crate::profile::{ConnectionDir, StoreError};

const FILE: &str = "certificates-seen.json";
const FORMAT: u32 = 1;
/// How many certificates are kept per application.
pub const KEEP_PER_APP: usize = 5;
const DAY_MS: f64 = 86_400_000.0;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Seen {
    application_id: String,
    fingerprint: String,
    certificate_pem: String,
    first_seen_ms: f64,
    last_seen_ms: f64,
}

/// What was seen, per application.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SeenCertificates {
    seen: Vec<Seen>,
    #[serde(skip)]
    changed: bool,
}

impl SeenCertificates {
    /// The kept record; empty when there is none or it cannot be read (it is only a hint).
    pub fn read(dir: &ConnectionDir) -> Self {
        match dir.read::<SeenCertificates>(FILE, FORMAT) {
            Ok(found) => found.map(|s| s.value).unwrap_or_default(),
            Err(err) => {
                tracing::warn!("the certificates seen are not readable: {err}");
                Self::default()
            }
        }
    }

    /// Notes that `application_id` has the certificate `pem` now.
    pub fn note(&mut self, application_id: &str, pem: &str, now_ms: f64) {
        let Some(fingerprint) = fingerprint(pem) else {
            return;
        };
        if let Some(entry) = self
            .seen
            .iter_mut()
            .find(|s| s.application_id == application_id && s.fingerprint == fingerprint)
        {
            if now_ms - entry.last_seen_ms >= DAY_MS {
                entry.last_seen_ms = now_ms;
                self.changed = true;
            }
            return;
        }
        self.seen.insert(
            0,
            Seen {
                application_id: application_id.to_owned(),
                fingerprint,
                certificate_pem: pem.trim().to_owned(),
                first_seen_ms: now_ms,
                last_seen_ms: now_ms,
            },
        );
        let mut count = 0;
        self.seen.retain(|s| {
            if s.application_id != application_id {
                return true;
            }
            count += 1;
            count <= KEEP_PER_APP
        });
        self.changed = true;
    }

    /// The application's certificates other than `current_pem`, newest first.
    pub fn older(&self, application_id: &str, current_pem: Option<&str>) -> Vec<KnownCertificate> {
        let current = current_pem.and_then(fingerprint);
        self.seen
            .iter()
            .filter(|s| s.application_id == application_id)
            .filter(|s| Some(&s.fingerprint) != current.as_ref())
            .map(|s| KnownCertificate {
                pem: s.certificate_pem.clone(),
                known_as: KnownAs::Older {
                    last_seen_ms: s.last_seen_ms,
                },
            })
            .collect()
    }

    /// Writes the record when something changed since it was read.
    pub fn keep(&self, dir: &ConnectionDir) -> Result<(), StoreError> {
        if self.changed {
            dir.write(FILE, FORMAT, self)?;
        }
        Ok(())
    }
}
