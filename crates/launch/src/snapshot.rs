//! `sso-desk export|diff|apply DIR`, without a window: the core's
//! [`run_snapshot_command`](sso_desk_core::desk::run_snapshot_command) on the sandbox the flags ask
//! for. `export` and `diff` only read, so on the embedded sandbox they run on a copy of its data,
//! as `--check-org` does; `apply` writes, so it runs on the app's own sandbox data (close the app
//! first, or the two sandboxes would overwrite each other's files).

use sso_desk_core::connections::credentials::Keyring;
use sso_desk_core::desk::{run_snapshot_command, CommandOutput};
use sso_desk_core::launch::{SandboxLaunch, SnapshotCommand, SnapshotVerb};
use sso_desk_core::profile::Profile;

use crate::check_org::read_only_source;

/// Runs `command` on the active connection of `profile` (or the sandbox).
pub fn snapshot_command(
    profile: Profile,
    keyring: Keyring,
    launch: &SandboxLaunch,
    command: &SnapshotCommand,
) -> CommandOutput {
    let source = if command.verb == SnapshotVerb::Apply || launch.url.is_some() {
        crate::sandbox_source(&profile, launch).map(|s| (s, None))
    } else {
        read_only_source(&profile, launch)
    };
    match source {
        Ok((source, own)) => {
            let out = run_snapshot_command(profile, keyring, source, command);
            drop(own);
            out
        }
        Err(err) => CommandOutput {
            code: 2,
            stdout: String::new(),
            stderr: sso_desk_core::terminal::printable(&format!("sso-desk: {err}\n")),
        },
    }
}
