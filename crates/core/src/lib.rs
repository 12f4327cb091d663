//! SSO Desk's core: everything the app does that is worth testing, with no Tauri in sight.
//!
//! [`desk`] is the use-case layer: one function per thing the UI can ask, grouped by area, over
//! the areas below. The Tauri crate calls only `desk` (and names its types); everything runs under
//! plain `cargo test`, against the sandbox over loopback where HTTP is involved.
//!
//! - [`jumpcloud`]: the HTTP client (reads, full-object writes, paging, retries);
//! - [`connections`]: stored connections, their secrets in the OS keyring, the active session;
//! - [`profile`]: what the app keeps on disk, one checked folder per connection;
//! - [`edits`]: the one edit engine every editable thing of an application goes through (draft
//!   on disk, review, rebase, the safe save, the change log);
//! - [`applications`], [`catalog`], [`new_application`], [`attributes`], [`sso`],
//!   [`readiness`]: the admin's subjects, each with its rules.

pub mod applications;
// The fault campaign's engine, for its short form under `cargo test`; the long form
// (benches/fault_campaign.rs) includes the same file. Not part of the library otherwise.
pub mod attributes;
#[cfg(test)]
mod campaign;
pub mod catalog;
pub mod connections;
pub mod desk;
pub mod edits;
pub mod jumpcloud;
pub mod launch;
pub mod new_application;
pub mod profile;
pub mod readiness;
pub mod sso;
