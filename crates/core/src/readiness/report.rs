//! What readiness answers, in the shapes the UI receives: per application, per organisation, and
//! the preview of one user's assertion. Text shared by many rows is reference-counted, so a report
//! over fifty thousand users copies pointers, not strings. Reports read back (`Deserialize`) so the
//! app can show the last run's results before loading the organisation again.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// Where an attribute's value comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum ValueSource {
    /// A JumpCloud user property (`lastname`, `email`, ...).
    Property { property: Arc<str> },
    /// A custom user attribute, by its name (without the `attributes.` prefix).
    Custom { attribute: Arc<str> },
    /// A constant text.
    Constant { value: Arc<str> },
}

/// A JIT-required attribute an application sends (switched on).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RequiredAttribute {
    /// The attribute name the service provider receives.
    pub name: Arc<str>,
    pub source: ValueSource,
}

/// How a user comes to be able to sign in to an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum BoundBy {
    /// Through one or more user groups (bound, or nested in a bound one).
    Groups,
    /// Bound to the application directly, and in no group that reaches it.
    Directly,
    /// Bound directly and through a group as well.
    DirectlyAndGroups,
}

/// A user who can sign in but whose JIT-required attributes would arrive empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UserNotReady {
    pub user_id: Arc<str>,
    pub username: Arc<str>,
    pub email: Arc<str>,
    /// Display name, or first and last name when there is none.
    pub name: Arc<str>,
    /// The attributes that would arrive empty, in the application's row order.
    pub missing: Vec<RequiredAttribute>,
    /// Through groups or directly. A run saved before this field existed does not read back,
    /// and rightly: direct bindings were not loaded then, so its counts are incomplete.
    pub bound_by: BoundBy,
}

/// JIT readiness of one application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ApplicationReadiness {
    pub application_id: Arc<str>,
    /// The application's label as the admin sees it.
    pub application_name: Arc<str>,
    /// The template (connector) name the application was created from.
    pub template_name: Arc<str>,
    /// Whether the application provisions users just in time.
    pub jit: bool,
    /// JIT-required attributes that are switched on: the ones checked for every user.
    pub checked_attributes: Vec<RequiredAttribute>,
    /// JIT-required attributes switched off by the admin: not sent, not checked.
    pub switched_off: Vec<Arc<str>>,
    /// JIT-required attributes with no row at all: nothing is sent for them for anyone.
    pub unmapped: Vec<Arc<str>>,
    /// Users who can sign in (bound through user groups, nested groups, or directly).
    pub users: u32,
    pub ready: u32,
    pub not_ready: u32,
    /// Not-ready users in snapshot order.
    pub users_not_ready: Vec<UserNotReady>,
}

/// One line of the organisation overview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ApplicationReadinessSummary {
    pub application_id: Arc<str>,
    pub application_name: Arc<str>,
    pub template_name: Arc<str>,
    pub users: u32,
    pub ready: u32,
    pub not_ready: u32,
    /// Count of JIT-required attributes with no row (see [`ApplicationReadiness::unmapped`]).
    pub unmapped: u32,
}

/// One attribute statement of a previewed assertion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AttributeStatement {
    pub name: Arc<str>,
    pub value: String,
    pub source: ValueSource,
    /// The value is empty or whitespace only.
    pub empty: bool,
    /// JIT needs this attribute: an empty value here makes provisioning fail.
    pub jit_required: bool,
}

/// What an application would send for a user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AssertionPreview {
    pub application_id: Arc<str>,
    pub user_id: Arc<str>,
    pub name_id: String,
    /// The property the NameID is read from (`email` unless the application names another).
    pub name_id_property: Arc<str>,
    pub name_id_empty: bool,
    /// Statements in the order sent: database rows in list order, then constants.
    pub attributes: Vec<AttributeStatement>,
    /// JIT-required attributes that are switched off or have no row: not sent at all.
    pub jit_not_sent: Vec<Arc<str>>,
    /// The group attribute, when the application sends the user's groups.
    pub groups: Option<GroupStatement>,
}

/// The user's groups an application sends (`config.includeGroups`), under one attribute name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct GroupStatement {
    pub name: Arc<str>,
    /// The names of the user's groups that reach the application: each group bound to it, or
    /// nested (at any depth) in one that is, that holds the user directly or through a nested
    /// group. Sorted, without repeats.
    pub values: Vec<Arc<str>>,
}
