//! The configured applications as the admin sees them in lists: each application joined with what
//! its connector (template) supports and how many user groups are bound to it, and the reverse
//! view, a user group's applications.
//!
//! What it promises:
//! - **Functionality from the connector**: "JIT Provisioning" means the template's `sso.jit`, and
//!   "Identity Management" the template's `provision` (SCIM). An application whose template is
//!   unknown (deleted from the catalogue, or a catalogue not read yet) falls back to its own
//!   `sso.jit` and claims no SCIM: the label never promises more than the data shows.
//! - **Complete**: [`load`] reads every page of templates, applications, groups and bindings,
//!   reporting progress per stage, and fails as a whole rather than returning half a list.
//! - Rows are sorted by label (case-insensitive), then id, so the order is stable.
//!
//! [`lifecycle`] turns an application on and off (through the edit engine) and checks a delete.

mod groups;
pub mod lifecycle;
mod list;
mod overview;
pub mod recreate;

pub use groups::*;
pub use list::*;
pub use overview::*;

#[cfg(test)]
mod tests;
