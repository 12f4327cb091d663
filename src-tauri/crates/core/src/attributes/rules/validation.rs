//! Checks the rows an admin is editing and says, per row and field, what is wrong.
//!
//! Validation only reports: it never trims, renames or drops anything the admin typed. Each issue
//! carries a stable `code` the UI switches on and a sentence it can show next to the field.
//! Errors block a save; warnings are shown but do not.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::catalogue::{check_custom_name, is_user_property, CustomNameProblem};
use crate::attributes::encoding::{AttributeRows, Source};

/// The part of a row an issue is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum RowField {
    SpName,
    /// The property, custom attribute name or constant.
    Source,
    /// The row as a whole (a JIT-required row that was deleted).
    Row,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    /// Must be fixed before saving.
    Error,
    /// Almost always a mistake, but JumpCloud accepts it.
    Warning,
}

/// What is wrong. Serialised in snake_case; these strings are the codes the UI switches on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum IssueCode {
    /// The SP attribute name is empty (or only spaces).
    EmptySpName,
    /// The SP attribute name starts or ends with white space.
    SurroundingSpaces,
    /// Two rows have exactly the same SP attribute name.
    RepeatedSpName,
    /// Two rows' SP names differ only in letter case (SAML names are case-sensitive, so this is
    /// allowed, but it is almost always a mistake).
    RepeatedSpNameCase,
    /// A property row names no property.
    EmptyProperty,
    /// A property row names a field that is not in the catalogue.
    UnknownProperty,
    /// A custom attribute name breaks JumpCloud's rule (letters and digits, under 32 characters).
    InvalidCustomName,
    /// A constant row has an empty value.
    EmptyConstant,
    /// A constant starts or ends with white space (sent as typed).
    ConstantSurroundingSpaces,
    /// A JIT-required row's SP name was changed.
    JitRenamed,
    /// A JIT-required row was deleted.
    JitDeleted,
    /// A row is marked JIT-required on the custom SAML connector, which has only free rows.
    JitOnCustomConnector,
}

/// One problem, placed at a row and field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RowIssue {
    /// Index into `AttributeRows::rows` (for `JitDeleted`, into the rows before the edit).
    pub row: u32,
    pub field: RowField,
    pub code: IssueCode,
    pub severity: Severity,
    pub message: String,
}

impl RowIssue {
    fn new(row: usize, field: RowField, code: IssueCode, message: String) -> Self {
        let severity = match code {
            IssueCode::RepeatedSpNameCase
            | IssueCode::UnknownProperty
            | IssueCode::ConstantSurroundingSpaces
            | IssueCode::JitOnCustomConnector => Severity::Warning,
            _ => Severity::Error,
        };
        RowIssue {
            row: u32::try_from(row).unwrap_or(u32::MAX),
            field,
            code,
            severity,
            message,
        }
    }
}

/// Whether any issue blocks a save.
pub fn has_errors(issues: &[RowIssue]) -> bool {
    issues.iter().any(|i| i.severity == Severity::Error)
}

/// Every issue of `rows`, in row order, SP name before source.
pub fn validate(rows: &AttributeRows, is_custom_connector: bool) -> Vec<RowIssue> {
    let mut issues = Vec::new();
    // Exact and case-folded name -> first row carrying it.
    let mut exact: HashMap<&str, usize> = HashMap::new();
    let mut folded: HashMap<String, usize> = HashMap::new();
    for (index, row) in rows.rows.iter().enumerate() {
        let name = row.sp_name.as_str();
        if name.trim().is_empty() {
            issues.push(RowIssue::new(
                index,
                RowField::SpName,
                IssueCode::EmptySpName,
                "The SP attribute name is empty.".to_owned(),
            ));
        } else {
            if name.trim() != name {
                issues.push(RowIssue::new(
                    index,
                    RowField::SpName,
                    IssueCode::SurroundingSpaces,
                    format!("\"{name}\" starts or ends with a space; the service provider would receive it with the space."),
                ));
            }
            if let Some(first) = exact.get(name) {
                issues.push(RowIssue::new(
                    index,
                    RowField::SpName,
                    IssueCode::RepeatedSpName,
                    format!("Row {} already sends \"{name}\".", first + 1),
                ));
            } else if let Some(first) = folded.get(&name.to_lowercase()) {
                let other = &rows.rows[*first].sp_name;
                issues.push(RowIssue::new(
                    index,
                    RowField::SpName,
                    IssueCode::RepeatedSpNameCase,
                    format!("Row {} sends \"{other}\", which differs only in letter case; the service provider will see two attributes.", first + 1),
                ));
            }
            exact.entry(name).or_insert(index);
            folded.entry(name.to_lowercase()).or_insert(index);
        }
        source_issues(index, &row.source, &mut issues);
        if is_custom_connector && row.jit_required {
            issues.push(RowIssue::new(
                index,
                RowField::Row,
                IssueCode::JitOnCustomConnector,
                format!("\"{name}\" is marked as required for JIT, but the custom SAML connector has no required attributes."),
            ));
        }
    }
    issues
}

fn source_issues(index: usize, source: &Source, issues: &mut Vec<RowIssue>) {
    let issue = match source {
        Source::Property(p) if p.is_empty() => Some((
            IssueCode::EmptyProperty,
            "Choose a JumpCloud user property.".to_owned(),
        )),
        Source::Property(p) if !is_user_property(p) => Some((
            IssueCode::UnknownProperty,
            format!("\"{p}\" is not a JumpCloud user property SSO Desk knows; users may receive an empty value."),
        )),
        Source::Custom(name) => check_custom_name(name).err().map(|problem| {
            let why = match problem {
                CustomNameProblem::Empty => "is empty",
                CustomNameProblem::NotAlphanumeric => "may contain only letters and digits",
                CustomNameProblem::TooLong => "must be shorter than 32 characters",
            };
            (IssueCode::InvalidCustomName, format!("The custom attribute name {why}."))
        }),
        Source::Constant(c) if c.is_empty() => Some((
            IssueCode::EmptyConstant,
            "The constant value is empty.".to_owned(),
        )),
        Source::Constant(c) if c.trim() != c => Some((
            IssueCode::ConstantSurroundingSpaces,
            "The constant starts or ends with a space; it is sent exactly as typed.".to_owned(),
        )),
        Source::Property(_) | Source::Constant(_) => None,
    };
    if let Some((code, message)) = issue {
        issues.push(RowIssue::new(index, RowField::Source, code, message));
    }
}

/// [`validate`] of `after`, plus what the edit from `before` did to JIT-required rows: a JIT row
/// of `before` whose entry is gone (`JitDeleted`, at its index in `before`) or whose SP name
/// changed (`JitRenamed`). Rows are matched by origin; rows added in the editor by SP name.
/// Catches rows that reached the core without going through the edit operations.
pub fn validate_change(
    before: &AttributeRows,
    after: &AttributeRows,
    is_custom_connector: bool,
) -> Vec<RowIssue> {
    let mut issues = validate(after, is_custom_connector);
    for (index, old) in before
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.jit_required)
    {
        let now = match old.origin {
            Some(origin) => after.rows.iter().position(|r| r.origin == Some(origin)),
            None => after
                .rows
                .iter()
                .position(|r| r.origin.is_none() && r.sp_name == old.sp_name),
        };
        match now {
            None => issues.push(RowIssue::new(
                index,
                RowField::Row,
                IssueCode::JitDeleted,
                format!(
                    "\"{}\" is required for JIT and cannot be deleted; switch it off instead.",
                    old.sp_name
                ),
            )),
            Some(at) if after.rows[at].sp_name != old.sp_name => issues.push(RowIssue::new(
                at,
                RowField::SpName,
                IssueCode::JitRenamed,
                format!(
                    "\"{}\" is required for JIT; its name cannot change.",
                    old.sp_name
                ),
            )),
            Some(_) => {}
        }
    }
    issues
}
