//! The rules of the "User attributes" tab: which sources exist, which rows are valid, and which
//! edits are allowed (JIT-required rows keep their name and cannot be deleted).

pub mod catalogue;

pub use catalogue::{
    check_custom_name, custom_attribute_names, is_user_property, user_properties,
    CustomNameProblem, UserProperty, USER_PROPERTIES,
};
