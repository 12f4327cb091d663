//! The rules of the "User attributes" tab: which sources exist, which rows are valid, and which
//! edits are allowed (JIT-required rows keep their name and cannot be deleted).

pub mod catalogue;
pub mod edits;
pub mod validation;

pub use catalogue::{
    check_custom_name, custom_attribute_names, is_user_property, user_properties,
    CustomNameProblem, UserProperty, USER_PROPERTIES,
};
pub use edits::{
    add_missing, add_row, apply, delete_row, set_group_attribute, set_on, set_source, set_sp_name,
    toggle, AttributeEdit, EditError,
};
pub use validation::{
    has_errors, validate, validate_change, IssueCode, RowField, RowIssue, Severity,
};
