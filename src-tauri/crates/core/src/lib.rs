pub mod attributes;
pub mod drafts;
pub mod json_diff;
pub mod jumpcloud;
pub mod readiness;
pub mod secret;
