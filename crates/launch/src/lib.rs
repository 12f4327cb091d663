//! What a launch of SSO Desk sets up before any window, with no Tauri in sight: the sandbox the core
//! falls back to with no JumpCloud connection, `--check-org`, `export|diff|apply`, and the log.
//!
//! The core carries no server: it talks to the sandbox over HTTP like to any organisation, through
//! a [`SandboxSource`] handed to it. This crate is where the embedded sandbox lives
//! ([`EmbeddedSandbox`], started on first use in the app's process) and where the `--sandbox-*`
//! flags become a source ([`sandbox_source`]).

mod check_org;
pub mod desktop;
mod embedded;
pub mod log;
mod snapshot;

use std::sync::Arc;

use sso_desk_core::connections::sandbox::{SandboxSource, StandaloneSandbox};
use sso_desk_core::jumpcloud;
use sso_desk_core::launch::SandboxLaunch;
use sso_desk_core::profile::Profile;

pub use check_org::check_org;
pub use embedded::EmbeddedSandbox;
pub use snapshot::snapshot_command;

/// Why a launch cannot go ahead; the message is printed as it is.
#[derive(Debug, thiserror::Error)]
pub enum LaunchError {
    #[error("--sandbox-url: {0}")]
    SandboxUrl(jumpcloud::Error),
    #[error("--sandbox-url needs the sandbox's key: add --sandbox-api-key KEY")]
    SandboxKeyMissing,
    #[error("the sandbox's data could not be copied for the check ({path}): {source}")]
    CopyData {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Check(#[from] sso_desk_core::desk::AppError),
}

/// The sandbox the `--sandbox-*` flags ask for: the standalone one at `--sandbox-url` (see
/// [`standalone_sandbox`]), else one embedded in this process with its data in the profile, started
/// on first use.
pub fn sandbox_source(
    profile: &Profile,
    launch: &SandboxLaunch,
) -> Result<Arc<dyn SandboxSource>, LaunchError> {
    Ok(match standalone_sandbox(launch)? {
        Some(standalone) => standalone,
        None => Arc::new(EmbeddedSandbox::in_profile(profile, launch)),
    })
}

/// The standalone sandbox named by `--sandbox-url`, if any: only an `http://` or `https://` address
/// on a loopback host is accepted, and only with its `--sandbox-api-key`. Checked before anything
/// starts, so a wrong address stops the launch with a message instead of sending the key away.
pub fn standalone_sandbox(
    launch: &SandboxLaunch,
) -> Result<Option<Arc<dyn SandboxSource>>, LaunchError> {
    let Some(url) = &launch.url else {
        return Ok(None);
    };
    let key = launch
        .api_key
        .clone()
        .ok_or(LaunchError::SandboxKeyMissing)?;
    let standalone = StandaloneSandbox::new(url, key)
        .map_err(LaunchError::SandboxUrl)?
        .provider(launch.orgs > 0);
    Ok(Some(Arc::new(standalone)))
}
