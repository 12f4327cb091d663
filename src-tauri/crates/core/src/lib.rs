pub mod json_diff;
pub mod secret;
