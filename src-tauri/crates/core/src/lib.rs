pub mod attributes;
pub mod readiness;
