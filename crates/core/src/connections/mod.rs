//! JumpCloud connections: the stored list (settings), their secrets (the OS keyring), the sandbox
//! the app falls back to, and the session that knows which one is active.

pub mod credentials;
pub mod sandbox;
pub mod session;
pub mod settings;
