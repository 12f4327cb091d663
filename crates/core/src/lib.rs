//! SSO Desk's core: everything the app does that is worth testing, with no Tauri in sight.
//!
//! [`desk`] is the use-case layer: one function per thing the UI can ask, grouped by area, over
//! the areas below. The Tauri crate calls only `desk` (and names its types); everything runs under
//! plain `cargo test`, against the sandbox over loopback where HTTP is involved.
//!
//! - [`jumpcloud`]: the HTTP client (reads, full-object writes, paging, retries);
//! - [`connections`]: stored connections, their secrets in the OS keyring, the active session;
//! - [`profile`]: what the app keeps on disk, one checked folder per connection;
//! - [`applications`], [`catalog`], [`new_application`], [`attributes`], [`drafts`],
//!   [`readiness`], [`debugger`]: the admin's subjects, each with its rules.

pub mod applications;
// The fault campaign's engine, for its short form under `cargo test`; the long form
// (benches/fault_campaign.rs) includes the same file. Not part of the library otherwise.
pub mod attributes;
#[cfg(test)]
mod campaign;
pub mod catalog;
pub mod connections;
pub mod debugger;
pub mod desk;
pub mod drafts;
pub mod jumpcloud;
pub mod launch;
pub mod new_application;
pub mod profile;
pub mod readiness;
pub mod sso;
