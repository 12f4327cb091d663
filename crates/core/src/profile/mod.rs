//! Where SSO Desk keeps what it writes, and the one way it writes it.
//!
//! A profile is two folders chosen by the app (the OS's app data and config folders, or
//! `--profile DIR`): the config folder holds `settings.json`; the data folder holds the sandbox's
//! data and one folder per connection (`connections/<id>/`) for every per-connection store. All
//! files go through one atomic writer and are owner-only; see [`ConnectionDir`].

mod atomic;
mod connection_dir;
mod load_once;
mod lock;

use std::path::{Path, PathBuf};

pub(crate) use atomic::create_private_dir;
pub(crate) use atomic::write_atomically;
pub use connection_dir::{now_ms, ConnectionDir, ConnectionId, StoreError, Stored};
pub use load_once::LoadOnce;
pub use lock::FileLock;

/// The two folders of a profile.
#[derive(Debug, Clone)]
pub struct Profile {
    data: PathBuf,
    config: PathBuf,
}

impl Profile {
    pub fn new(data: impl Into<PathBuf>, config: impl Into<PathBuf>) -> Self {
        Self {
            data: data.into(),
            config: config.into(),
        }
    }

    /// A profile with both folders under `root` (tests, `--profile`).
    pub fn in_dir(root: &Path) -> Self {
        Self::new(root.join("data"), root.join("config"))
    }

    pub fn config_dir(&self) -> &Path {
        &self.config
    }

    pub fn data_dir(&self) -> &Path {
        &self.data
    }

    /// The embedded sandbox's data; the large sample organisation keeps its own.
    pub fn sandbox_dir(&self, large: bool) -> PathBuf {
        self.data
            .join(if large { "sandbox-large" } else { "sandbox" })
    }

    /// The folder of everything kept about `connection`.
    pub fn connection(&self, connection: &ConnectionId) -> ConnectionDir {
        ConnectionDir::new(&self.data.join("connections"), connection)
    }
}
