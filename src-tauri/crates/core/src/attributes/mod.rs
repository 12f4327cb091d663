//! The attributes an application sends in its SAML assertion, and so the accounts JIT can create.
//!
//! [`encoding`] reads and writes the rows in an application's JSON; [`rules`] knows the property
//! catalogue, validates rows and performs the edits an admin may make.

pub mod encoding;
pub mod rules;

pub use encoding::{
    jit_requirements, read_rows, read_rows_without_template, template_requirements, write_rows,
    AttributeList, AttributeRow, AttributeRows, JitRequirement, RowOrigin, Source, UnreadEntry,
};
