//! The readiness results the app holds: the organisation as last loaded (in memory, for previews
//! and searches) and the last run's results on disk, so the Readiness page and an application's
//! "JIT readiness" tab show them at once, with their time, before anything is loaded again.
//!
//! Promises: results on disk live under `<cache>/<connection id>/readiness.json`, written whole
//! (temp file + rename), so a crash leaves the previous run or the new one, never half of one.
//! A cache file that cannot be read counts as no cache (the admin refreshes). The in-memory
//! organisation is kept per connection: a snapshot of another connection is never answered from.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use sso_desk_core::readiness::{
    application_readiness, org_readiness, ApplicationReadiness, ApplicationReadinessSummary,
    OrgSnapshot, ReadinessError,
};

/// What the disk cache keeps of a run.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReadinessRun {
    /// When the organisation was loaded, in milliseconds since the Unix epoch.
    pub ran_at_ms: f64,
    /// Every application with JIT on, worst first.
    pub applications: Vec<ApplicationReadinessSummary>,
    /// The full report of each of those applications.
    pub reports: Vec<ApplicationReadiness>,
}

/// An organisation loaded for readiness, and when.
pub struct LoadedOrg {
    pub connection_id: String,
    pub ran_at_ms: f64,
    pub snapshot: OrgSnapshot,
}

impl LoadedOrg {
    pub fn new(connection_id: &str, snapshot: OrgSnapshot) -> Self {
        let ran_at_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0);
        Self {
            connection_id: connection_id.to_owned(),
            ran_at_ms,
            snapshot,
        }
    }

    /// The run to cache: every JIT application's counts and report.
    pub fn run(&self) -> Result<ReadinessRun, ReadinessError> {
        let applications = org_readiness(&self.snapshot);
        let reports = applications
            .iter()
            .map(|summary| application_readiness(&self.snapshot, &summary.application_id))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ReadinessRun {
            ran_at_ms: self.ran_at_ms,
            applications,
            reports,
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error("could not write the readiness cache {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("could not encode the readiness results: {0}")]
    Encode(#[from] serde_json::Error),
}

/// The loaded organisation (in memory) and the last run (on disk), per connection.
pub struct ReadinessStore {
    cache_root: PathBuf,
    loaded: Mutex<Option<Arc<LoadedOrg>>>,
    /// Held while loading, so concurrent callers wait for one load instead of starting several.
    pub load_gate: tokio::sync::Mutex<()>,
}

impl ReadinessStore {
    pub fn new(cache_root: PathBuf) -> Self {
        Self {
            cache_root,
            loaded: Mutex::new(None),
            load_gate: tokio::sync::Mutex::new(()),
        }
    }

    /// The organisation loaded for this connection, if any.
    pub fn loaded(&self, connection_id: &str) -> Option<Arc<LoadedOrg>> {
        let loaded = self.loaded.lock().unwrap_or_else(|e| e.into_inner());
        loaded
            .as_ref()
            .filter(|org| org.connection_id == connection_id)
            .cloned()
    }

    pub fn set_loaded(&self, org: Arc<LoadedOrg>) {
        *self.loaded.lock().unwrap_or_else(|e| e.into_inner()) = Some(org);
    }

    fn file(&self, connection_id: &str) -> PathBuf {
        self.cache_root.join(connection_id).join("readiness.json")
    }

    /// The last run saved for this connection; `None` when there is none or it cannot be read.
    pub fn last_run(&self, connection_id: &str) -> Option<ReadinessRun> {
        let path = self.file(connection_id);
        let bytes = std::fs::read(&path).ok()?;
        match serde_json::from_slice(&bytes) {
            Ok(run) => Some(run),
            Err(err) => {
                tracing::warn!(path = %path.display(), "ignoring unreadable readiness cache: {err}");
                None
            }
        }
    }

    pub fn save_run(&self, connection_id: &str, run: &ReadinessRun) -> Result<(), CacheError> {
        let path = self.file(connection_id);
        let bytes = serde_json::to_vec(run)?;
        sso_desk_core::atomic_file::write_atomically(&path, &bytes)
            .map_err(|source| CacheError::Write { path, source })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn org() -> OrgSnapshot {
        let mut builder = OrgSnapshot::builder();
        builder
            .systemuser(&json!({"_id": "u1", "email": "a@example.com", "lastname": ""}))
            .expect("user with an id");
        builder.build()
    }

    #[test]
    fn a_saved_run_reads_back_per_connection() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = ReadinessStore::new(dir.path().to_owned());
        assert!(store.last_run("sandbox").is_none(), "nothing saved yet");
        let loaded = LoadedOrg::new("sandbox", org());
        let run = loaded.run().expect("an org without applications runs");
        store.save_run("sandbox", &run).expect("cache is writable");
        let back = store.last_run("sandbox").expect("the run reads back");
        assert_eq!(back.ran_at_ms, run.ran_at_ms, "the time of the run is kept");
        assert!(
            store.last_run("other").is_none(),
            "another connection has no run"
        );
    }

    #[test]
    fn an_unreadable_cache_counts_as_none() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = ReadinessStore::new(dir.path().to_owned());
        std::fs::create_dir_all(dir.path().join("sandbox")).expect("mkdir");
        std::fs::write(dir.path().join("sandbox/readiness.json"), b"{not json").expect("write");
        assert!(store.last_run("sandbox").is_none(), "garbage is not a run");
    }

    #[test]
    fn a_run_saved_before_direct_bindings_were_loaded_is_not_shown() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = ReadinessStore::new(dir.path().to_owned());
        std::fs::create_dir_all(dir.path().join("sandbox")).expect("mkdir");
        // A user without `boundBy`: what runs looked like when only group bindings were read.
        let old = json!({"ranAtMs": 1.0, "applications": [], "reports": [{
        "applicationId": "a", "applicationName": "A", "templateName": "slack", "jit": true,
        "checkedAttributes": [], "switchedOff": [], "unmapped": [], "users": 1, "ready": 0,
        "notReady": 1, "usersNotReady": [
            {"userId": "u", "username": "u", "email": "u@x", "name": "U", "missing": []}
        ]}]});
        let path = dir.path().join("sandbox/readiness.json");
        std::fs::write(&path, old.to_string()).expect("write");
        assert!(
            store.last_run("sandbox").is_none(),
            "its counts may miss users bound directly"
        );
        let mut current = old;
        current["reports"][0]["usersNotReady"][0]["boundBy"] = json!("directly");
        std::fs::write(&path, current.to_string()).expect("write");
        assert!(
            store.last_run("sandbox").is_some(),
            "the same run with boundBy reads back"
        );
    }

    #[test]
    fn the_loaded_org_is_kept_per_connection() {
        let store = ReadinessStore::new(PathBuf::from("unused"));
        store.set_loaded(Arc::new(LoadedOrg::new("sandbox", org())));
        assert!(store.loaded("sandbox").is_some(), "same connection answers");
        assert!(
            store.loaded("other").is_none(),
            "another connection never does"
        );
    }
}
