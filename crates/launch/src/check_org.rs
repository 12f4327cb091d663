//! `sso-desk --check-org`: the fidelity report of the active connection, without a window.
//!
//! On the embedded sandbox the check must not run a second server on the data of an app that may
//! be open at the same time: two sandboxes writing one folder could each overwrite the other's
//! files, and the app's sandbox would not see what the check's had seeded. So the check copies the
//! sandbox's data into a folder of its own (removed afterwards) and starts its sandbox there. The
//! report is the same (it reads what the admin's sandbox holds), the app's folder is only read, and
//! each file copied is whole: the sandbox replaces its files atomically (write, then rename).

use std::path::Path;
use std::sync::Arc;

use sso_desk_core::connections::credentials::Keyring;
use sso_desk_core::connections::sandbox::SandboxSource;
use sso_desk_core::launch::{SandboxLaunch, SandboxSize};
use sso_desk_core::profile::Profile;

use crate::embedded::{options_for, EmbeddedSandbox};
use crate::LaunchError;

/// The report as text, ready for a terminal (see [`sso_desk_core::desk::check_org`]).
pub fn check_org(
    profile: Profile,
    keyring: Keyring,
    launch: &SandboxLaunch,
) -> Result<String, LaunchError> {
    let (source, own) = read_only_source(&profile, launch)?;
    let report = sso_desk_core::desk::check_org(profile, keyring, source)?;
    drop(own);
    Ok(report)
}

/// A sandbox for a run that only reads: the standalone one at `--sandbox-url`, or one of its own
/// on a copy of the app's sandbox data (see the module notes). The folder returned holds the copy:
/// keep it until the run is over.
pub(crate) fn read_only_source(
    profile: &Profile,
    launch: &SandboxLaunch,
) -> Result<(Arc<dyn SandboxSource>, Option<tempfile::TempDir>), LaunchError> {
    if launch.url.is_some() {
        return Ok((crate::sandbox_source(profile, launch)?, None));
    }
    let own = tempfile::Builder::new()
        .prefix("sso-desk-check-org-")
        .tempdir()
        .map_err(|source| LaunchError::CopyData {
            path: std::env::temp_dir(),
            source,
        })?;
    let data = own.path().join("sandbox");
    copy_files(
        &profile.sandbox_dir(launch.size == SandboxSize::Large),
        &data,
    )?;
    // A launch that never had a sandbox leaves `data` empty: the check's sandbox seeds it.
    let mut options = options_for(data, launch);
    // The app's sandbox may hold `--sandbox-port` already.
    options.port = 0;
    Ok((Arc::new(EmbeddedSandbox::new(options)), Some(own)))
}

/// Copies the files directly in `from` (none if it does not exist) into `to`, created owner-only.
fn copy_files(from: &Path, to: &Path) -> Result<(), LaunchError> {
    let failed = |path: &Path| {
        let path = path.to_path_buf();
        move |source| LaunchError::CopyData { path, source }
    };
    std::fs::create_dir_all(to).map_err(failed(to))?;
    let entries = match std::fs::read_dir(from) {
        Ok(entries) => entries,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(err) => return Err(failed(from)(err)),
    };
    for entry in entries {
        let entry = entry.map_err(failed(from))?;
        let kind = entry.file_type().map_err(failed(&entry.path()))?;
        if kind.is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name()))
                .map_err(failed(&entry.path()))?;
        }
    }
    Ok(())
}
