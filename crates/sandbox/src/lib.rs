//! A JumpCloud-compatible server on loopback with a seeded sample organisation.
//!
//! SSO Desk must be usable, demonstrable and testable without a JumpCloud account. This crate
//! serves the part of JumpCloud's Console API that SSO Desk uses (same paths, shapes and rules:
//! paging, filters, PUT replaces, the association graph) over real HTTP on `127.0.0.1`, backed by
//! JSON files in a data directory. It stores documents as raw JSON and shares no model types with
//! the client, so a client that misspells a field is caught rather than agreed with.
//!
//! The sample organisation ([`SAMPLE_ORG_NAME`]) is deterministic for a seed. Facts tests and
//! demos rely on are in [`sample`]: the readiness demo application is
//! [`sample::READINESS_DEMO_APP_LABEL`] ("Slack (sample data)"), a JIT application whose bound
//! users include [`sample::USERS_WITHOUT_LASTNAME`], who have an empty `lastname`.
//!
//! ```no_run
//! # async fn demo() -> Result<(), sso_desk_sandbox::SandboxError> {
//! let sandbox = sso_desk_sandbox::start(sso_desk_sandbox::SandboxOptions::new("sandbox-data")).await?;
//! println!("{} key {}", sandbox.url(), sandbox.api_key());
//! sandbox.stop().await;
//! # Ok(()) }
//! ```

pub mod assertion;
mod doc;
mod fault_layer;
mod faults;
mod graph;
mod http;
mod logos;
mod masking;
mod prng;
mod query;
mod routes_sandbox;
mod routes_v1;
mod routes_v2;
pub mod saml_response;
pub mod sample;
mod seed;
mod server;
mod state;
mod store;
mod tenancy;

use std::path::PathBuf;

pub use server::Sandbox;

/// The fixed key of the standalone binary when `--api-key` is not given, documented so that curl
/// examples work. The library never uses it on its own: an embedded sandbox draws a random key per
/// start unless one is passed with [`SandboxOptions::with_api_key`].
pub const DEFAULT_API_KEY: &str = "sso-desk-sandbox-key";

/// The one organisation the sandbox serves (24 hex digits, as JumpCloud's ids).
pub const SAMPLE_ORG_ID: &str = "5f00000000000000000000aa";

/// The organisation's display name; it says the data is sample data.
pub const SAMPLE_ORG_NAME: &str = "Example Org (sample data)";

/// The provider a sandbox of many organisations (`--orgs N`) serves them under.
pub const PROVIDER_ID: &str = "5f0000000000000000000bbb";

/// An organisation of a provider's sandbox (`--orgs N`): its id (24 hex digits) and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    pub id: String,
    pub name: String,
}

/// How big the seeded organisation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    /// 1,000 templates, ~30 applications, 20 user groups, 500 users: for the app and its tests.
    Demo,
    /// 10,000 templates, 2,000 applications, 500 user groups, 50,000 users: for benchmarks.
    Large,
}

/// How to start a sandbox.
#[derive(Debug, Clone)]
pub struct SandboxOptions {
    /// Where the collections are stored as JSON files; an empty directory is seeded.
    pub data_dir: PathBuf,
    /// 0 picks a free port.
    pub port: u16,
    /// Seed of the sample data and of the fault sequence.
    pub seed: u64,
    pub size: Size,
    /// The key requests must send as `x-api-key`. `None` draws a fresh random key (32 bytes from
    /// the OS, hex) at every start, so no other local program can guess it; read it back with
    /// [`Sandbox::api_key`].
    pub api_key: Option<String>,
    /// Delay added to every `/api` request.
    pub latency_ms: u64,
    /// Share of `/api` requests that fail (0.0 ..= 1.0).
    pub fault_rate: f64,
    /// The faults drawn, by name: `429`, `500`, `502`, `503`, `reset`, `truncate` (the default),
    /// and, acting once a POST or PUT is stored, `commit-500`, `commit-reset`, `commit-delay`, and
    /// `normalise` (a PUT of an application is stored with one field changed), and `mask-key` (a
    /// read of applications answers the IdP private key masked). See the README.
    pub fault_kinds: Vec<String>,
    /// How long `commit-delay` holds a stored change's response (default 5,000 ms).
    pub commit_delay_ms: u64,
    /// Seeds one more application, [`sample::ODD_APPLICATION_LABEL`], whose attribute lists a
    /// client cannot fully understand (for the fidelity report): a constant entry that is a bare
    /// string, and a `config.someUnknownAttributes` container of an undocumented `type`. Only
    /// when the data directory is seeded (or reset); default off.
    pub odd_application: bool,
    /// Every read of applications answers `config.idpPrivateKey.value` as `"********"` (the
    /// stored key is kept), so a client's refusal to save over a masked copy can be tested.
    pub mask_private_key: bool,
    /// A filtered list of applications (`filter=…`) does not see one created less than this many
    /// milliseconds ago, as a lagging search index would not; 0 (the default) is no lag.
    pub filter_lag_ms: u64,
    /// 0 (the default): one organisation, [`SAMPLE_ORG_ID`], whose own key the sandbox accepts.
    /// N: a provider's key acting on N organisations of varied size (the sample organisation
    /// first), each its own documents under `orgs/<id>/`; requests name one with `x-org-id`.
    pub orgs: usize,
    /// With `orgs`, every organisation but the first holds exactly this many applications
    /// instead of a varied number (benchmarks); the first too when given.
    pub org_applications: Option<usize>,
}

impl SandboxOptions {
    /// Port 0, seed 1, [`Size::Demo`], a random key per start, no latency, no faults.
    pub fn new(data_dir: impl Into<PathBuf>) -> Self {
        Self {
            data_dir: data_dir.into(),
            port: 0,
            seed: 1,
            size: Size::Demo,
            api_key: None,
            latency_ms: 0,
            fault_rate: 0.0,
            fault_kinds: faults::DEFAULT_KINDS.map(String::from).to_vec(),
            commit_delay_ms: faults::DEFAULT_COMMIT_DELAY_MS,
            odd_application: false,
            mask_private_key: false,
            filter_lag_ms: 0,
            orgs: 0,
            org_applications: None,
        }
    }

    /// Accepts this fixed key instead of a random one (the standalone binary, scripted demos).
    pub fn with_api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(key.into());
        self
    }
}

/// Why a sandbox could not start or persist its data.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("cannot listen on 127.0.0.1:{port}: {source}")]
    Bind { port: u16, source: std::io::Error },
    #[error("cannot read or write data file {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The file is not what the sandbox wrote; it is left alone, never reset.
    #[error("data file {path} is corrupt: {source}")]
    Corrupt {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("data file {path} is missing while other data files exist")]
    Missing { path: PathBuf },
    #[error("invalid sandbox option: {0}")]
    Option(String),
    /// A background task (seeding, loading, writing) did not finish.
    #[error("sandbox task failed: {0}")]
    Task(String),
}

/// Starts a sandbox serving the organisation stored in `opts.data_dir` (seeded when empty).
pub async fn start(opts: SandboxOptions) -> Result<Sandbox, SandboxError> {
    server::start(opts).await
}

/// The seeded catalog of application templates, as `GET /api/application-templates` serves it.
pub fn sample_templates(seed: u64, size: Size) -> Vec<serde_json::Value> {
    seed::templates::generate(seed, size)
}
