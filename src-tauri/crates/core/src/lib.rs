pub mod attributes;
pub mod credentials;
pub mod drafts;
pub mod json_diff;
pub mod jumpcloud;
pub mod secret;
pub mod settings;
