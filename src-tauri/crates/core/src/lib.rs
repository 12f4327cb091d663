pub mod attributes;
pub mod catalog;
pub mod drafts;
pub mod json_diff;
pub mod jumpcloud;
pub mod secret;
