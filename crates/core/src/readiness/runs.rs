//! The readiness results the app holds: the organisation as last loaded (in memory, for previews
//! and searches) and the last run's results in the connection's folder, so the Readiness page and
//! an application's "JIT readiness" tab show them at once, with their time, before anything is
//! loaded again. A run file that cannot be read, or that an older SSO Desk wrote, counts as no run
//! (the admin refreshes); a damaged one is set aside, never overwritten.

use serde::{Deserialize, Serialize};

use super::{
    application_readiness, org_readiness, ApplicationReadiness, ApplicationReadinessSummary,
    OrgSnapshot, ReadinessError,
};
use crate::profile::{now_ms, ConnectionDir, StoreError};

/// The run's file in a connection's folder, and its format.
const RUN_FILE: &str = "readiness.json";
/// 2: users carry `boundBy` (runs before it could miss users bound directly).
const RUN_FORMAT: u32 = 2;

/// What the disk keeps of a run.
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
    pub ran_at_ms: f64,
    pub snapshot: OrgSnapshot,
}

impl LoadedOrg {
    pub fn new(snapshot: OrgSnapshot) -> Self {
        Self {
            // Milliseconds since 1970 fit a double exactly.
            ran_at_ms: now_ms() as f64,
            snapshot,
        }
    }

    /// The run to keep: every JIT application's counts and report.
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

impl ReadinessRun {
    /// The last run kept in `dir`; `None` when there is none or it cannot be used.
    pub fn last(dir: &ConnectionDir) -> Option<ReadinessRun> {
        match dir.read(RUN_FILE, RUN_FORMAT) {
            Ok(found) => found.map(|stored| stored.value),
            Err(StoreError::OtherFormat { .. }) => None,
            Err(err) => {
                tracing::warn!("ignoring the kept readiness run: {err}");
                if err.is_unreadable_file() {
                    let _ = dir.set_aside(RUN_FILE);
                }
                None
            }
        }
    }

    pub fn keep(&self, dir: &ConnectionDir) -> Result<(), StoreError> {
        dir.write(RUN_FILE, RUN_FORMAT, self).map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::profile::ConnectionId;

    fn org() -> OrgSnapshot {
        let mut builder = OrgSnapshot::builder();
        builder
            .systemuser(&json!({"_id": "u1", "email": "a@example.com", "lastname": ""}))
            .expect("user with an id");
        builder.build()
    }

    fn dirs() -> (tempfile::TempDir, ConnectionDir, ConnectionDir) {
        let root = tempfile::tempdir().expect("temp dir");
        let a = ConnectionDir::new(root.path(), &ConnectionId::new("sandbox").expect("id"));
        let b = ConnectionDir::new(root.path(), &ConnectionId::new("other").expect("id"));
        (root, a, b)
    }

    #[test]
    fn a_kept_run_reads_back_per_connection() {
        let (_root, sandbox, other) = dirs();
        assert!(ReadinessRun::last(&sandbox).is_none(), "nothing kept yet");
        let run = LoadedOrg::new(org())
            .run()
            .expect("an org without applications runs");
        run.keep(&sandbox).expect("the folder is writable");
        let back = ReadinessRun::last(&sandbox).expect("the run reads back");
        assert_eq!(back.ran_at_ms, run.ran_at_ms, "the time of the run is kept");
        assert!(
            ReadinessRun::last(&other).is_none(),
            "another connection has no run"
        );
    }

    #[test]
    fn a_damaged_run_counts_as_none_and_is_kept_aside() {
        let (_root, sandbox, _) = dirs();
        sandbox.ensure().expect("mkdir");
        let path = sandbox.file(RUN_FILE).expect("name");
        std::fs::write(&path, b"{not json").expect("write");
        assert!(
            ReadinessRun::last(&sandbox).is_none(),
            "garbage is not a run"
        );
        let kept: Vec<_> = std::fs::read_dir(sandbox.path())
            .expect("list")
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().contains("damaged"))
            .collect();
        assert_eq!(kept.len(), 1, "the damaged file is kept under a dated name");
    }

    #[test]
    fn a_run_kept_before_direct_bindings_were_loaded_is_not_shown() {
        let (_root, sandbox, _) = dirs();
        // Format 1: users without `boundBy`, when only group bindings were read.
        sandbox
            .write(
                RUN_FILE,
                1,
                &json!({"ranAtMs": 1.0, "applications": [], "reports": []}),
            )
            .expect("write");
        assert!(
            ReadinessRun::last(&sandbox).is_none(),
            "its counts may miss users bound directly"
        );
    }
}
