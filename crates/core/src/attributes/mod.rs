//! The attributes an application sends in its SAML assertion, and so the accounts JIT can create.
//!
//! [`encoding`] reads and writes the rows in an application's JSON; [`rules`] knows the property
//! catalogue, validates rows and performs the edits an admin may make; [`draft`] is the editor's
//! kind of draft for the edit engine; [`fidelity`] reports what the encoding cannot keep.

pub mod draft;
pub mod encoding;
pub mod fidelity;
pub mod rules;

pub use encoding::{
    is_builtin_property, jit_requirements, legacy_entries, not_understood, read_group_attribute,
    read_only_reason, read_rows, read_rows_without_template, set_group_attribute,
    template_requirements, write_rows, write_rows_for_save, AttributeList, AttributeRow,
    AttributeRows, GroupAttribute, JitRequirement, LegacyEntry, NotUnderstood, RowOrigin, Source,
    UnreadEntry,
};

#[cfg(test)]
mod wire_tests;
