//! The history of every application SSO Desk sees: each version of it, kept per connection,
//! so any version can be compared with another and restored, and a deleted application brought
//! back. JumpCloud keeps no versions of an application and offers no undo; SSO Desk reads every
//! application and verifies every write, so it keeps them.
//!
//! - [`store`]: the version store (content-addressed objects without the IdP private key, an
//!   index per application, the heads that let a refresh write nothing when nothing changed).
//!   Versions are recorded at every list refresh and application read, and before and after
//!   every write of the edit engine (`edits::commit::save`, the one place every write passes),
//!   create and delete.
//! - [`restore`]: a restore is the edit engine's third kind of draft (after the attribute editor
//!   and the Single sign-on tab): review, safe save onto the current copy, read-back, logged. It
//!   never sends an IdP certificate or key from history.

pub mod canonical;
pub mod restore;
pub mod store;

pub use restore::{
    HistoryError, RestoreDraft, RestoreOutcome, RestoreReview, RestoredApplication, Restores,
};
pub use store::{Head, History, VersionEntry, VersionSource};

use crate::profile::{ConnectionDir, StoreError};

/// Keeps something in the history of the connection whose folder is `connection`. A failure is
/// only logged: the read or write it records has happened, and the admin's work goes on.
pub fn keep_versions<T>(
    connection: &ConnectionDir,
    keep: impl FnOnce(&History) -> Result<T, StoreError>,
) {
    if let Err(err) = History::new(connection).and_then(|h| keep(&h)) {
        tracing::warn!("a version was not kept in the history: {err}");
    }
}

/// How much less CPU the history's background work asks for than the app (a nice value): a first
/// refresh of a large organisation hashes and writes thousands of versions, and did it while the
/// list it came from was being sent to the page and painted.
const BACKGROUND_NICENESS: i32 = 10;

/// Runs `work` (keeping versions after a list refresh) on a thread of its own that yields the CPU
/// to the app's other work, where the platform allows it. The work itself is unchanged, and it
/// runs to the end even when the machine is busy: a lower priority only orders who goes first.
pub fn in_background(work: impl FnOnce() + Send + 'static) {
    let spawned = std::thread::Builder::new()
        .name("history".into())
        .spawn(move || {
            lower_this_threads_priority();
            work();
        });
    if let Err(err) = spawned {
        tracing::warn!("the history's thread could not start, versions were not kept: {err}");
    }
}

#[cfg(target_os = "linux")]
fn lower_this_threads_priority() {
    // On Linux a nice value is a thread's, and `None` names the calling thread.
    if let Err(err) = rustix::process::setpriority_process(None, BACKGROUND_NICENESS) {
        tracing::debug!("the history's thread keeps its priority: {err}");
    }
}

#[cfg(not(target_os = "linux"))]
fn lower_this_threads_priority() {}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    #[test]
    fn background_work_runs_to_the_end_on_a_lower_priority() {
        let (tx, rx) = std::sync::mpsc::channel();
        super::in_background(move || {
            let nice = rustix::process::getpriority_process(None).expect("nice");
            tx.send(nice).expect("sent");
        });
        let nice = rx
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("the work ran");
        assert_eq!(nice, super::BACKGROUND_NICENESS);
        assert_eq!(rustix::process::getpriority_process(None).expect("nice"), 0);
    }
}
