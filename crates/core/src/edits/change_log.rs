//! The local change log: every write SSO Desk makes (save, create, bind, unbind, activate,
//! delete) is read back and compared with what was meant, and the outcome is recorded here with
//! anything JumpCloud stored differently, so a normalised value or a dropped key is never silent.
//!
//! The log is one file of the connection's folder (`changes.json`, owner-only), the newest
//! [`KEEP`] records. It never holds a secret: paths under a private key are dropped before a
//! record is written, and only the differing fields are kept, never whole objects. Recording
//! reads the log, adds a record and writes it back under the log's lock, so concurrent writers
//! (two saves finishing together, two windows) never lose each other's records.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::json_diff::{FieldChange, PathSegment};
use crate::profile::{now_ms, ConnectionDir, StoreError};
use crate::sso::private_key::is_private_key_name;

const LOG_FILE: &str = "changes.json";
const LOG_FORMAT: u32 = 1;
/// How many records the log keeps (the oldest go first).
pub const KEEP: usize = 500;
/// How long a record waits for another writer of the log.
const LOCK_WAIT: Duration = Duration::from_secs(5);

/// One write and what reading it back showed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ChangeRecord {
    /// Milliseconds since the Unix epoch.
    pub at_ms: f64,
    /// `save`, `create`, `bind`, `unbind`, ...
    pub action: String,
    pub application_id: String,
    /// What the write touched besides the application (a group id), if anything.
    pub detail: Option<String>,
    /// What JumpCloud stored differently from what was sent; empty when the read-back matched.
    pub differences: Vec<FieldChange>,
}

/// Whether a path leads into a secret (the IdP private key), which no record may carry.
pub fn is_secret(path: &[PathSegment]) -> bool {
    path.iter()
        .any(|segment| matches!(segment, PathSegment::Key(k) if is_private_key_name(k)))
}

/// Drops the differences that lead into a secret.
pub fn without_secrets(differences: Vec<FieldChange>) -> Vec<FieldChange> {
    differences
        .into_iter()
        .filter(|d| !is_secret(&d.path))
        .collect()
}

/// The change log of one connection.
#[derive(Debug, Clone)]
pub struct ChangeLog {
    dir: ConnectionDir,
}

impl ChangeLog {
    /// The log kept in the connection's folder `dir`.
    pub fn new(dir: ConnectionDir) -> Self {
        ChangeLog { dir }
    }

    /// The connection's folder the log is kept in (the history lives beside it).
    pub fn folder(&self) -> &ConnectionDir {
        &self.dir
    }

    /// Appends a record. A log that cannot be read is set aside and started afresh; a log that
    /// cannot be written (or stays locked) is reported to the caller, who logs it: the write
    /// itself succeeded.
    pub fn record(
        &self,
        action: &str,
        application_id: &str,
        detail: Option<&str>,
        differences: Vec<FieldChange>,
    ) -> Result<(), StoreError> {
        let _lock = self.dir.lock(LOG_FILE, LOCK_WAIT)?;
        let mut log = self.read();
        log.push(ChangeRecord {
            at_ms: now_ms() as f64,
            action: action.to_owned(),
            application_id: application_id.to_owned(),
            detail: detail.map(str::to_owned),
            differences: without_secrets(differences),
        });
        if log.len() > KEEP {
            let extra = log.len() - KEEP;
            log.drain(..extra);
        }
        self.dir.write(LOG_FILE, LOG_FORMAT, &log).map(|_| ())
    }

    /// The records, oldest first; none when there is no log or it cannot be read (then it is set
    /// aside, never overwritten).
    pub fn read(&self) -> Vec<ChangeRecord> {
        match self.dir.read::<Vec<ChangeRecord>>(LOG_FILE, LOG_FORMAT) {
            Ok(found) => found.map(|s| s.value).unwrap_or_default(),
            Err(err) => {
                tracing::warn!("the change log is not readable: {err}");
                if err.is_unreadable_file() {
                    let _ = self.dir.set_aside(LOG_FILE);
                }
                Vec::new()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::profile::ConnectionId;

    fn log_in(root: &std::path::Path) -> ChangeLog {
        ChangeLog::new(ConnectionDir::new(
            root,
            &ConnectionId::new("sandbox").expect("id"),
        ))
    }

    #[test]
    fn records_keep_the_newest_and_never_a_private_key() {
        let root = tempfile::tempdir().expect("temp dir");
        let log = log_in(root.path());
        let key = |k: &str| PathSegment::Key(k.to_owned());
        let differences = vec![
            FieldChange {
                path: vec![key("config"), key("idpPrivateKey"), key("value")],
                before: Some(json!("-----BEGIN PRIVATE KEY-----A")),
                after: Some(json!("-----BEGIN PRIVATE KEY-----B")),
            },
            FieldChange {
                path: vec![key("config"), key("acsUrl"), key("value")],
                before: Some(json!("https://A")),
                after: Some(json!("https://a")),
            },
        ];
        for i in 0..(KEEP + 3) {
            let diffs = if i == KEEP + 2 {
                differences.clone()
            } else {
                Vec::new()
            };
            log.record("save", &format!("app{i}"), None, diffs)
                .expect("record");
        }
        let records = log.read();
        assert_eq!(records.len(), KEEP, "only the newest records are kept");
        assert_eq!(records[0].application_id, "app3", "the oldest went first");
        let last = records.last().expect("a record");
        assert_eq!(
            last.differences.len(),
            1,
            "the private key's difference is dropped"
        );
        let text = std::fs::read_to_string(log.dir.file(LOG_FILE).expect("name")).expect("read");
        assert!(!text.contains("PRIVATE KEY"), "no key reaches the file");
        assert!(
            text.contains("https://a"),
            "the normalised value is recorded"
        );
    }

    /// Writers that each read the log, add their record and write it back lose records to each
    /// other unless they take turns: every one of these concurrent records must be there.
    #[test]
    fn concurrent_recorders_lose_no_record() {
        let root = tempfile::tempdir().expect("temp dir");
        const WRITERS: usize = 8;
        const EACH: usize = 20;
        std::thread::scope(|scope| {
            for w in 0..WRITERS {
                // Each writer has its own handle, as two windows or two saves would.
                let log = log_in(root.path());
                scope.spawn(move || {
                    for i in 0..EACH {
                        log.record("save", &format!("w{w}-{i}"), None, Vec::new())
                            .expect("record");
                    }
                });
            }
        });
        let records = log_in(root.path()).read();
        assert_eq!(
            records.len(),
            WRITERS * EACH,
            "every concurrent record is kept"
        );
        let leftovers: Vec<String> = std::fs::read_dir(root.path().join("sandbox"))
            .expect("the folder")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|n| n != LOG_FILE)
            .collect();
        assert!(
            leftovers.is_empty(),
            "no lock or temporary file stays: {leftovers:?}"
        );
    }
}
