//! State the commands share, registered with `app.manage` in `setup`.

use std::path::PathBuf;

use sso_desk_sandbox::{Sandbox, SandboxOptions};
use tokio::sync::OnceCell;

use crate::error::AppError;

/// The embedded sandbox, started on first use with its data under the app data dir.
pub struct EmbeddedSandbox {
    data_dir: PathBuf,
    running: OnceCell<Sandbox>,
}

impl EmbeddedSandbox {
    pub fn new(data_dir: PathBuf) -> Self {
        Self {
            data_dir,
            running: OnceCell::new(),
        }
    }

    pub async fn get(&self) -> Result<&Sandbox, AppError> {
        self.running
            .get_or_try_init(|| async {
                let sandbox = sso_desk_sandbox::start(SandboxOptions::new(&self.data_dir)).await?;
                tracing::info!(url = sandbox.url(), "sandbox started");
                Ok(sandbox)
            })
            .await
    }
}
