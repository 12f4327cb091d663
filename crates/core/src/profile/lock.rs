//! One writer at a time for a file that is read, changed and written back whole (the change log):
//! the atomic writer keeps a reader from seeing half a file, but two writers that each read the
//! old content and write their own version lose one of the changes. A lock is a file created
//! beside the target with `create_new`, which the OS grants to one caller, thread or process; it
//! is removed when the holder is dropped.
//!
//! A holder keeps the lock for one read and one write of a small file (milliseconds). A lock file
//! older than [`STALE`] was left by a process that died holding it and is broken; a caller that
//! cannot get the lock within its wait gets an error and writes nothing.

use std::fs::{self, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use super::atomic::create_private_dir;

/// A lock file this old was left behind by a holder that died.
pub const STALE: Duration = Duration::from_secs(10);

/// The lock on one file; released when dropped.
#[derive(Debug)]
pub struct FileLock {
    path: PathBuf,
}

fn is_stale(path: &Path) -> bool {
    fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|at| SystemTime::now().duration_since(at).ok())
        .is_some_and(|age| age > STALE)
}

impl FileLock {
    /// Takes the lock at `path`, waiting up to `wait` for its holder.
    pub fn acquire(path: PathBuf, wait: Duration) -> io::Result<FileLock> {
        if let Some(dir) = path.parent() {
            create_private_dir(dir)?;
        }
        let start = Instant::now();
        let mut pause = Duration::from_millis(1);
        loop {
            match OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(_) => return Ok(FileLock { path }),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    if is_stale(&path) {
                        tracing::warn!(lock = %path.display(), "breaking a stale lock");
                        let _ = fs::remove_file(&path);
                        continue;
                    }
                    if start.elapsed() >= wait {
                        return Err(io::Error::new(
                            io::ErrorKind::TimedOut,
                            format!("{} stayed locked for {wait:?}", path.display()),
                        ));
                    }
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(20));
                }
                Err(e) => return Err(e),
            }
        }
    }
}

impl Drop for FileLock {
    fn drop(&mut self) {
        // Best effort: a lock file left behind goes stale and is broken by the next writer.
        let _ = fs::remove_file(&self.path);
    }
}
