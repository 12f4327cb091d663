pub mod applications;
pub mod attributes;
pub mod cache;
pub mod drafts;
pub mod json_diff;
pub mod jumpcloud;
pub mod secret;
