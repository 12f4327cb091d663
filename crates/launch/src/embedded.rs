//! The sandbox embedded in the app's process: started on first use (or when the desk warms up),
//! its data in the profile, a random key per start unless `--sandbox-api-key` names one.

use sso_desk_core::connections::sandbox::{
    AddressFuture, SandboxAddress, SandboxSource, SandboxUnavailable,
};
use sso_desk_core::launch::{SandboxLaunch, SandboxSize};
use sso_desk_core::profile::Profile;
use sso_desk_core::secret::Secret;
use sso_desk_sandbox::{Sandbox, SandboxError, SandboxOptions, Size};
use tokio::sync::OnceCell;

/// A sandbox this process starts the first time its address is asked for.
pub struct EmbeddedSandbox {
    options: SandboxOptions,
    running: OnceCell<Sandbox>,
}

impl EmbeddedSandbox {
    /// A sandbox with these options, not started yet.
    pub fn new(options: SandboxOptions) -> Self {
        Self {
            options,
            running: OnceCell::new(),
        }
    }

    /// The app's sandbox: its data in the profile (the large organisation in a folder of its own).
    pub fn in_profile(profile: &Profile, launch: &SandboxLaunch) -> Self {
        let large = launch.size == SandboxSize::Large;
        let dir = if launch.orgs > 0 {
            // A provider's organisations are laid out in a folder of their own.
            profile
                .data_dir()
                .join(format!("sandbox-orgs-{}", launch.orgs))
        } else {
            profile.sandbox_dir(large)
        };
        Self::new(options_for(dir, launch))
    }

    /// The running sandbox, started now if it is not running yet.
    pub async fn get(&self) -> Result<&Sandbox, SandboxError> {
        self.running
            .get_or_try_init(|| async {
                let sandbox = sso_desk_sandbox::start(self.options.clone()).await?;
                tracing::info!(url = sandbox.url(), "sandbox started");
                Ok(sandbox)
            })
            .await
    }
}

/// The sandbox's options for the launch flags, its data in `dir`.
pub(crate) fn options_for(dir: std::path::PathBuf, launch: &SandboxLaunch) -> SandboxOptions {
    SandboxOptions {
        port: launch.port,
        size: match launch.size {
            SandboxSize::Demo => Size::Demo,
            SandboxSize::Large => Size::Large,
        },
        api_key: launch.api_key.as_ref().map(|k| k.expose().to_owned()),
        orgs: launch.orgs,
        ..SandboxOptions::new(dir)
    }
}

impl SandboxSource for EmbeddedSandbox {
    fn address(&self) -> AddressFuture<'_> {
        Box::pin(async {
            let sandbox = self.get().await.map_err(SandboxUnavailable::new)?;
            Ok(SandboxAddress {
                url: sandbox.url().to_owned(),
                api_key: Secret::new(sandbox.api_key()),
                provider: sandbox.provider_id().is_some(),
            })
        })
    }

    fn started(&self) -> bool {
        self.running.initialized()
    }
}
