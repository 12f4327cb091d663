//! Snapshots: the organisation's SSO setup as files (config as code), compared with the live
//! organisation and applied back onto it.
//!
//! A snapshot folder holds:
//! - `applications/<label-slug>-<id>.json`: one application each, as JumpCloud returned it, with
//!   every private key removed (at any depth) and its keys in sorted order;
//! - `bindings.json`: the user groups bound directly to each application;
//! - `manifest.json`: the organisation (the connection's name), when, and which SSO Desk.
//!
//! What it promises:
//! - **Stable** ([`export`]): exporting twice with nothing changed writes byte-identical files;
//!   the manifest keeps its time when nothing else changed, so a snapshot kept in git shows no
//!   change. Files are written atomically and owner-only; an application's file that no longer
//!   has an application is removed (only `*.json` files in `applications/`).
//! - **Drift** ([`compare`]): per application, added (in the organisation, not the snapshot),
//!   removed (in the snapshot, not the organisation), changed field by field with the review's
//!   labels, and bindings to add or remove. A changed application lists exactly what an apply
//!   would change: the snapshot applied onto the live copy ([`crate::edits::target`]), so what
//!   JumpCloud owns (ids, certificate, SSO URL) is never drift.
//! - **Apply** ([`apply`]): the plan is the drift; changes go through the one edit engine
//!   ([`crate::edits::save`], recorded as [`APPLY_ACTION`]), removed applications are made anew
//!   ([`crate::applications::recreate`]), bindings are bound or unbound and read back. Nothing is
//!   deleted unless asked.
//!
//! Applications are matched by id, then (for one made anew, which gets a new id) by connector and
//! label.

mod apply;
mod drift;
mod folder;
mod report;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use apply::{apply, AppliedChange, ApplyOutcome};
pub use drift::{compare, ApplicationDrift, ApplicationRef, BindingDrift, Drift};
pub use folder::{export, read, slug, sorted, ExportSummary};
pub use report::{apply_text, drift_text};

/// What the change log calls a write made by applying a snapshot.
pub const APPLY_ACTION: &str = "applied snapshot";
/// The snapshot format this SSO Desk writes and reads.
pub const FORMAT: u32 = 1;
pub const MANIFEST_FILE: &str = "manifest.json";
pub const BINDINGS_FILE: &str = "bindings.json";
pub const APPLICATIONS_DIR: &str = "applications";

/// `manifest.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Manifest {
    pub format: u32,
    /// The connection's name ("Sandbox — sample data", or the admin's name of the JumpCloud
    /// organisation).
    pub organization: String,
    /// UTC, RFC 3339.
    pub exported_at: String,
    pub sso_desk_version: String,
}

/// A user group as `bindings.json` names it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct GroupName {
    pub id: String,
    pub name: String,
}

/// One application's entry of `bindings.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ApplicationBindings {
    pub application_id: String,
    pub label: String,
    pub user_groups: Vec<GroupName>,
}

/// A snapshot in memory: the manifest, the applications by id, and each application's bound
/// groups (ids and names) by application id.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub manifest: Manifest,
    pub applications: BTreeMap<String, Value>,
    pub bindings: BTreeMap<String, Vec<GroupName>>,
}

/// Why a snapshot could not be read, written or applied.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    /// The folder or one of its files is not a snapshot, or cannot be read or written.
    #[error("{message}")]
    Folder { message: String },
    #[error(transparent)]
    Api(#[from] crate::jumpcloud::Error),
}

impl SnapshotError {
    fn folder(path: &std::path::Path, what: impl std::fmt::Display) -> Self {
        SnapshotError::Folder {
            message: format!("{}: {what}", path.display()),
        }
    }
}

/// `secs` since the Unix epoch as `YYYY-MM-DDTHH:MM:SSZ` (UTC; no date library needed).
pub fn utc_text(secs: u64) -> String {
    crate::dates::rfc3339(i64::try_from(secs).unwrap_or(i64::MAX / 2))
}
