pub mod attributes;
pub mod drafts;
