//! Tauri commands, one file per area. Each maps its arguments to one core call.

pub mod app;
pub mod applications;
pub mod attributes;
pub mod catalog;
pub mod connections;
pub mod groups;
pub mod readiness;
