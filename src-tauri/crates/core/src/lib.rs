pub mod attributes;
pub mod catalog;
pub mod connection_catalog;
pub mod drafts;
pub mod json_diff;
pub mod jumpcloud;
pub mod new_application;
pub mod secret;
