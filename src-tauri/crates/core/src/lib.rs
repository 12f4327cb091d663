pub mod attribute_editor;
pub mod attributes;
pub mod drafts;
pub mod json_diff;
pub mod jumpcloud;
pub mod secret;
