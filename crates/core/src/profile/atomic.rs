//! Every file SSO Desk writes (settings, caches, drafts, readiness runs) is written here, so a
//! reader sees the old content or the new one, never a part of either, even after a crash.
//!
//! The bytes go to a temporary file in the same folder (a leading dot keeps it out of listings;
//! the process id and a counter keep concurrent writers off each other's file), are flushed to
//! disk, and the temporary file is renamed over the target; the folder is then synced so the
//! rename itself survives a power cut where the platform allows it.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

static NEXT_TEMP: AtomicU64 = AtomicU64::new(0);

/// Writes `bytes` to `path` atomically, creating the folder if needed. On failure the temporary
/// file is removed and the target is left as it was.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    create_private_dir(&dir)?;
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let temp = dir.join(format!(
        ".{name}.{}-{}.tmp",
        std::process::id(),
        NEXT_TEMP.fetch_add(1, Ordering::Relaxed)
    ));
    let written = (|| {
        let mut out = private_file(&temp)?;
        out.write_all(bytes)?;
        out.sync_all()?;
        fs::rename(&temp, path)
    })();
    if let Err(err) = written {
        // Best effort: the temporary file is ours and useless now.
        let _ = fs::remove_file(&temp);
        return Err(err);
    }
    // Folders cannot be opened for syncing on every platform; the rename is done either way.
    if let Ok(handle) = File::open(&dir) {
        let _ = handle.sync_all();
    }
    Ok(())
}

/// Creates `dir` and its missing parents owner-only (0700 on unix), and tightens `dir` itself
/// when it already exists with wider permissions: what the app keeps (drafts of whole
/// applications, users' names and e-mails in readiness runs) is nobody else's to read.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
        let mode = fs::metadata(dir)?.permissions().mode() & 0o777;
        if mode != 0o700 {
            fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
        }
        Ok(())
    }
    #[cfg(not(unix))]
    fs::create_dir_all(dir)
}

/// A new file readable and writable by its owner only (0600 on unix).
fn private_file(path: &Path) -> std::io::Result<File> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::write_atomically;

    #[cfg(unix)]
    #[test]
    fn files_are_owner_only_and_so_are_their_folders() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("a temporary folder");
        let wide = dir.path().join("wide");
        std::fs::create_dir(&wide).expect("mkdir");
        std::fs::set_permissions(&wide, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        let mode =
            |p: &std::path::Path| std::fs::metadata(p).expect("stat").permissions().mode() & 0o777;
        write_atomically(&wide.join("run.json"), b"{}").expect("write");
        assert_eq!(
            mode(&wide.join("run.json")),
            0o600,
            "a written file is owner-only"
        );
        assert_eq!(mode(&wide), 0o700, "an existing wider folder is tightened");
        let nested = dir.path().join("a").join("b").join("draft.json");
        write_atomically(&nested, b"{}").expect("write");
        assert_eq!(
            mode(&dir.path().join("a")),
            0o700,
            "created folders are owner-only"
        );
        assert_eq!(
            mode(&dir.path().join("a/b")),
            0o700,
            "created folders are owner-only"
        );
    }

    #[test]
    fn replaces_the_content_whole_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("nested").join("settings.json");
        write_atomically(&path, b"first").expect("first write");
        write_atomically(&path, b"second").expect("second write");
        assert_eq!(std::fs::read(&path).expect("read back"), b"second");
        let names: Vec<_> = std::fs::read_dir(path.parent().expect("a folder"))
            .expect("list the folder")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(
            names,
            vec!["settings.json"],
            "no temporary file is left behind"
        );
    }

    #[test]
    fn concurrent_writers_never_leave_a_mixed_file() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("draft.json");
        let writers: Vec<_> = (0..8u8)
            .map(|i| {
                let path = path.clone();
                std::thread::spawn(move || write_atomically(&path, &[i; 4096]))
            })
            .collect();
        for w in writers {
            w.join().expect("writer thread").expect("write");
        }
        let bytes = std::fs::read(&path).expect("read back");
        assert_eq!(bytes.len(), 4096);
        assert!(
            bytes.iter().all(|b| *b == bytes[0]),
            "the file holds one writer's bytes"
        );
    }
}
