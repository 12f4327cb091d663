//! The app's log: to standard error, as a terminal launch shows it, and to a file in the
//! platform's log folder (the shell passes Tauri's `app_log_dir`, which `--profile` moves too), so
//! an admin can find what happened after the window is gone.
//!
//! Promises: the file is rotated daily and only the last [`LOG_FILES_KEPT`] days are kept; the
//! folder is owner-only; every span that closes writes a line (each Tauri command is one span, so
//! each call leaves a line naming it); and the log carries no secret, because nothing logs one:
//! commands record no arguments (`skip_all`), `Secret` prints `<redacted>` and the client's
//! messages never hold a key. The core's test of a save with the log on holds it to that.

use std::path::Path;

use tracing::Dispatch;
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::EnvFilter;

/// Log files are named `sso-desk.YYYY-MM-DD.log`.
pub const LOG_FILE_PREFIX: &str = "sso-desk";
pub const LOG_FILE_SUFFIX: &str = "log";
/// Days of log kept.
pub const LOG_FILES_KEPT: usize = 7;

/// The log folder could not be made or opened.
#[derive(Debug, thiserror::Error)]
#[error("the log folder {path} could not be used: {message}")]
pub struct LogError {
    pub path: std::path::PathBuf,
    pub message: String,
}

/// What is logged: `RUST_LOG` when set, else `info`.
pub fn filter_from_env() -> String {
    std::env::var("RUST_LOG").unwrap_or_else(|_| "info".to_owned())
}

/// Everything logged under `filter` (an `EnvFilter` directive; an unreadable one means `info`), to
/// standard error and, with `dir`, to a daily file in `dir`. When `dir` cannot be used the log goes
/// to standard error only, and the error says why. Install the dispatch with
/// `tracing::dispatcher::set_global_default`, or `set_default` for one thread (tests).
pub fn dispatch(dir: Option<&Path>, filter: &str) -> (Dispatch, Option<LogError>) {
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let (file, problem) = match dir.map(appender) {
        None => (None, None),
        Some(Ok(appender)) => (Some(appender), None),
        Some(Err(err)) => (None, Some(err)),
    };
    let file = file.map(|appender| {
        tracing_subscriber::fmt::layer()
            .with_ansi(false)
            .with_span_events(FmtSpan::CLOSE)
            .with_writer(appender)
    });
    let subscriber = tracing_subscriber::registry()
        .with(filter)
        .with(tracing_subscriber::fmt::layer().with_writer(std::io::stderr))
        .with(file);
    (Dispatch::new(subscriber), problem)
}

/// The rotating file in `dir`, which is made owner-only. Each line is written as it is logged
/// (no background thread that a quick exit could cut short).
fn appender(dir: &Path) -> Result<RollingFileAppender, LogError> {
    let failed = |message: String| LogError {
        path: dir.to_path_buf(),
        message,
    };
    std::fs::create_dir_all(dir).map_err(|e| failed(e.to_string()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
            .map_err(|e| failed(e.to_string()))?;
    }
    RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix(LOG_FILE_PREFIX)
        .filename_suffix(LOG_FILE_SUFFIX)
        .max_log_files(LOG_FILES_KEPT)
        .build(dir)
        .map_err(|e| failed(e.to_string()))
}

/// Opens the log folder `dir` (made first if no line was written yet) in the desktop's file
/// manager.
pub fn open_folder(dir: &Path) -> Result<(), LogError> {
    let failed = |message: String| LogError {
        path: dir.to_path_buf(),
        message,
    };
    std::fs::create_dir_all(dir).map_err(|e| failed(e.to_string()))?;
    open::that_detached(dir).map_err(|e| failed(e.to_string()))
}

/// Makes the log of the app's process: standard error and a daily file in `dir` (the platform's
/// log folder, under `--profile` too); standard error alone when `dir` cannot be used, and says so.
pub fn start(dir: &Path) {
    let (dispatch, problem) = dispatch(Some(dir), &filter_from_env());
    let _ = tracing::dispatcher::set_global_default(dispatch);
    if let Some(err) = problem {
        tracing::warn!("logging to standard error only: {err}");
    }
}
