//! JumpCloud connections: the stored list (settings), their secrets (the OS keyring), and the
//! session that knows which one is active.

pub mod credentials;
pub mod secret;
pub mod session;
pub mod settings;
