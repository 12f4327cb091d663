//! Where the sandbox answers. The core talks to the sandbox as to any JumpCloud organisation: over
//! HTTP, with a key. It never starts one: whoever builds the [`crate::desk::Desk`] (the app, a
//! test, a benchmark) hands it a [`SandboxSource`], so the core carries no server.
//!
//! Promises: a source is asked for its address only when the sandbox is first needed (an embedded
//! sandbox starts then, not at launch); a [`StandaloneSandbox`] accepts only an `http://` or
//! `https://` address on a loopback host, the sandbox's promise that it never leaves the machine.

use std::future::Future;
use std::pin::Pin;

use crate::jumpcloud;
use crate::secret::Secret;

/// The name of the sandbox's one organisation, for the connection list before the sandbox runs.
/// It says the data is sample data (the sandbox's own tests hold it to the sandbox's name).
pub const SANDBOX_ORG_NAME: &str = "Example Org (sample data)";

/// Where a running sandbox answers, and the key it wants.
#[derive(Debug, Clone)]
pub struct SandboxAddress {
    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub url: String,
    pub api_key: Secret,
    /// The key is a provider's acting on several organisations (`--sandbox-orgs N`): the sandbox
    /// connection is a provider connection.
    pub provider: bool,
}

/// The sandbox could not be started or reached; the message says why.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct SandboxUnavailable {
    pub message: String,
}

impl SandboxUnavailable {
    pub fn new(message: impl std::fmt::Display) -> Self {
        Self {
            message: message.to_string(),
        }
    }
}

/// What [`SandboxSource::address`] returns.
pub type AddressFuture<'a> =
    Pin<Box<dyn Future<Output = Result<SandboxAddress, SandboxUnavailable>> + Send + 'a>>;

/// A sandbox the session can use when no JumpCloud connection is active.
pub trait SandboxSource: Send + Sync {
    /// Where the sandbox answers, starting it now if it is not running yet. Calls after the first
    /// success return the same address.
    fn address(&self) -> AddressFuture<'_>;

    /// Whether the sandbox is running already (nothing was started if not).
    fn started(&self) -> bool;
}

/// A sandbox already running in its own process (`sso-desk --sandbox-url URL --sandbox-api-key
/// KEY`, or a test's): nothing to start.
#[derive(Debug, Clone)]
pub struct StandaloneSandbox {
    address: SandboxAddress,
}

impl StandaloneSandbox {
    /// Refuses anything but `http://` or `https://` on a loopback host, with a message that says
    /// so: the key must not go to another machine.
    pub fn new(url: &str, api_key: Secret) -> Result<Self, jumpcloud::Error> {
        let url = jumpcloud::validate_loopback_url(url)?;
        Ok(Self {
            address: SandboxAddress {
                url: url.as_str().trim_end_matches('/').to_owned(),
                api_key,
                provider: false,
            },
        })
    }

    /// The sandbox serves a provider's organisations (`--orgs N`).
    pub fn provider(mut self, provider: bool) -> Self {
        self.address.provider = provider;
        self
    }
}

impl SandboxSource for StandaloneSandbox {
    fn address(&self) -> AddressFuture<'_> {
        Box::pin(std::future::ready(Ok(self.address.clone())))
    }

    fn started(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_standalone_sandbox_must_be_on_this_machine() {
        for ok in [
            "http://127.0.0.1:4100",
            "http://localhost:4100/",
            "https://127.0.0.1:4100",
            "http://[::1]:4100",
        ] {
            assert!(
                StandaloneSandbox::new(ok, Secret::new("k")).is_ok(),
                "{ok} is on this machine"
            );
        }
        for bad in [
            "https://sandbox.example.com",
            "https://127.0.0.1.example.com",
            "http://10.0.0.1:4100",
            "ftp://127.0.0.1",
            "127.0.0.1:4100",
        ] {
            match StandaloneSandbox::new(bad, Secret::new("k")) {
                Err(jumpcloud::Error::InvalidUrl { message, .. }) => assert!(
                    message.contains("loopback") || message.contains("https"),
                    "{bad}: the message says what is accepted: {message}"
                ),
                Err(jumpcloud::Error::InsecureUrl { .. }) => {}
                other => panic!("{bad} must be refused, got {other:?}"),
            }
        }
    }
}
