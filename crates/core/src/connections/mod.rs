//! JumpCloud connections: the stored list (settings), their secrets (the OS keyring), the sandbox
//! the app falls back to, the session that knows which one is active, and the add / edit form
//! with its check ([`form`]).

pub mod credentials;
pub mod form;
pub mod organisations;
pub mod sandbox;
pub mod session;
pub mod settings;
