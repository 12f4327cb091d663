//! SSO Desk's core: everything the app does that is worth testing, with no Tauri in sight. The
//! JumpCloud client, the attribute rules and drafts, catalog search and JIT readiness all run
//! under plain `cargo test`, against the sandbox over loopback where HTTP is involved.

pub mod applications;
pub mod atomic_file;
pub mod attribute_editor;
pub mod attributes;
pub mod cache;
pub mod catalog;
pub mod connection_catalog;
pub mod credentials;
pub mod drafts;
pub mod json_diff;
pub mod jumpcloud;
pub mod new_application;
pub mod readiness;
pub mod secret;
pub mod settings;
