//! SSO Desk's core: everything the app does that is worth testing, with no Tauri in sight.
//!
//! [`desk`] is the use-case layer: one function per thing the UI can ask, grouped by area, over
//! the areas below. The Tauri crate calls only `desk` (and names its types); everything runs under
//! plain `cargo test`, against the sandbox over loopback where HTTP is involved.
//!
//! - [`jumpcloud`]: the HTTP client (reads, full-object writes, paging, retries);
//! - [`connections`]: stored connections, their secrets in the OS keyring, the active session and
//!   the sandbox it falls back to (handed in: the core starts no server);
//! - [`secret`]: a credential in memory, never printed and wiped when dropped;
//! - [`profile`]: what the app keeps on disk, one checked folder per connection;
//! - [`edits`]: the one edit engine every editable thing of an application goes through (draft
//!   on disk, review, rebase, the safe save, the change log);
//! - [`logos`]: connector logos, fetched once by strict rules and kept per connection;
//! - [`applications`], [`catalog`], [`new_application`], [`attributes`], [`sso`],
//!   [`readiness`], [`debugger`]: the admin's subjects, each with its rules; [`overview`]: the
//!   front page's picture of them.

pub mod applications;
pub mod attributes;
pub mod catalog;
pub mod connections;
pub mod dates;
pub mod debugger;
pub mod desk;
pub mod edits;
pub mod exports;
pub mod history;
pub mod jumpcloud;
pub mod launch;
pub mod logos;
pub mod new_application;
pub mod organisations;
pub mod overview;
pub mod profile;
pub mod readiness;
pub mod secret;
pub mod snapshots;
pub mod sso;
pub mod terminal;
