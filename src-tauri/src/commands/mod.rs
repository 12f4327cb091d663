//! The commands the UI can call, one file per area. Each is glue: the desk in, one core call, the
//! error passed on. `build.rs` reads these files to list every command for the capability
//! manifest and for the specta builder, so no list can drift (see the `command_lists` test).
//! A progress channel that closed only means the page went away: the work goes on and is kept.

pub mod app;
pub mod applications;
pub mod attributes;
pub mod catalog;
pub mod certificates;
pub mod connections;
pub mod debugger;
pub mod exports;
pub mod groups;
pub mod history;
pub mod organisations;
pub mod overview;
pub mod readiness;
pub mod snapshots;
pub mod sso;
