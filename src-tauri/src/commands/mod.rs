//! Tauri commands, one file per area. Each maps its arguments to one core call.

pub mod app;
pub mod connections;
