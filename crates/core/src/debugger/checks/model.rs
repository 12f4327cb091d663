//! The lines' vocabulary and what they are decided from, shared by the line modules.

use serde::Serialize;

use crate::debugger::parse::{AssertionFields, ResponseFields};
use crate::debugger::signature::SignatureFindings;
use crate::readiness::AssertionPreview;
/// How far clocks may disagree before a time window counts as not holding (seconds).
pub const CLOCK_SKEW_SECS: i64 = 60;

/// Which question a line answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum CheckKind {
    Application,
    Status,
    Signature,
    SignatureAlgorithm,
    SignedElement,
    Issuer,
    Audience,
    Recipient,
    TimeWindow,
    JitAttributes,
    AttributeNames,
    GroupAttribute,
    User,
    Preview,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum CheckOutcome {
    Pass,
    Fail,
    /// Cannot be decided from what is at hand; the detail says why.
    Skip,
}

/// The application page's tab that fixes a failing line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ApplicationTab {
    /// "Single sign-on"
    Sso,
    /// "User attributes"
    Attributes,
    /// "JIT readiness"
    Readiness,
    /// "Assertion preview"
    Preview,
}

/// One line of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CheckLine {
    pub check: CheckKind,
    /// What is asked, e.g. "JIT-required attributes".
    pub label: String,
    pub outcome: CheckOutcome,
    /// What was found.
    pub detail: String,
    /// What to do, when it fails.
    pub fix: Option<String>,
    pub tab: Option<ApplicationTab>,
}

/// What the application is, as far as the response's checks need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicationFacts {
    pub id: String,
    pub label: String,
    pub idp_entity_id: Option<String>,
    pub sp_entity_id: Option<String>,
    pub acs_urls: Vec<String>,
    pub include_groups: bool,
    pub groups_attribute: Option<String>,
    /// The connector does JIT provisioning.
    pub jit: bool,
}

/// The user the NameID names, if one was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserFacts {
    pub id: String,
    pub label: String,
    /// Bound to the application, directly or through a group.
    pub bound: bool,
}

/// Everything the lines are decided from.
pub struct Inputs<'a> {
    pub response: &'a ResponseFields,
    pub signatures: &'a SignatureFindings,
    pub application: Option<&'a ApplicationFacts>,
    /// The NameID's property (`email` unless `subjectField` names another).
    pub name_id_property: &'a str,
    pub user: Option<&'a UserFacts>,
    /// What the application sends now: for the user found, else for a user with nothing set
    /// (enough for the attribute rows and which of them JIT requires).
    pub preview: Option<&'a AssertionPreview>,
    pub now_secs: i64,
}

pub(crate) fn line(
    check: CheckKind,
    label: &str,
    outcome: CheckOutcome,
    detail: impl Into<String>,
) -> CheckLine {
    CheckLine {
        check,
        label: label.to_owned(),
        outcome,
        detail: detail.into(),
        fix: None,
        tab: None,
    }
}

impl CheckLine {
    pub(crate) fn fix(mut self, fix: impl Into<String>, tab: Option<ApplicationTab>) -> Self {
        self.fix = Some(fix.into());
        self.tab = tab;
        self
    }
}

pub(crate) fn audience_matches(
    assertion: Option<&AssertionFields>,
    app: &ApplicationFacts,
) -> bool {
    match (assertion, &app.sp_entity_id) {
        (Some(a), Some(sp)) => a.audiences.iter().any(|x| x == sp),
        _ => false,
    }
}
