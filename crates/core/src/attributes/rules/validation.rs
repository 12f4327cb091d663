//! Checks the rows an admin is editing and says, per row and field, what is wrong.
//!
//! Validation only reports: it never trims, renames or drops anything the admin typed. Each issue
//! carries a stable `code` the UI switches on and a sentence it can show next to the field.
//! Errors block a save; warnings are shown but do not.
//!
//! Names and constants travel inside a SAML assertion, an XML document. What XML 1.0 cannot
//! carry (most control characters, U+FFFE, U+FFFF) would break the assertion, and what the
//! admin cannot see (zero-width characters, text-direction controls) would make a name differ
//! from what the screen shows, so both are errors, as are names and constants past a length
//! no service provider expects. Names are compared for repeats as a service provider's admin
//! would read them: after Unicode NFC normalisation and case folding.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use super::catalogue::{check_custom_name, is_user_property, CustomNameProblem};
use crate::attributes::encoding::{is_builtin_property, AttributeRows, Source};

/// The part of a row an issue is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum RowField {
    SpName,
    /// The property, custom attribute name or constant.
    Source,
    /// The row as a whole (a JIT-required row that was deleted).
    Row,
    /// The group attribute ("Send user groups"); its issues carry the row index one past the
    /// last row.
    GroupAttribute,
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
    /// The SP attribute name holds a character that cannot travel in a SAML assertion: a control
    /// character, one XML does not allow, or an invisible one (zero-width, text direction).
    SpNameInvalidCharacter,
    /// The SP attribute name is longer than [`SP_NAME_MAX_CHARS`].
    SpNameTooLong,
    /// A constant holds a character that cannot travel in a SAML assertion (as above).
    ConstantInvalidCharacter,
    /// A constant is longer than [`CONSTANT_MAX_CHARS`].
    ConstantTooLong,
    /// A JIT-required row's SP name was changed.
    JitRenamed,
    /// A JIT-required row was deleted.
    JitDeleted,
    /// A row is marked JIT-required on the custom SAML connector, which has only free rows.
    JitOnCustomConnector,
    /// A custom-attribute row whose name is also a built-in property: JumpCloud stores the bare
    /// name, and the property of that name wins, so the property is sent.
    ShadowedByProperty,
    /// "Send user groups" is on but the attribute name is empty.
    EmptyGroupAttributeName,
}

/// The longest SP attribute name accepted, in characters.
pub const SP_NAME_MAX_CHARS: usize = 256;

/// The longest constant value accepted, in characters.
pub const CONSTANT_MAX_CHARS: usize = 2_048;

/// Why a character cannot be sent in a name or constant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Unsendable {
    /// A C0 or C1 control character (a tab and a line break included).
    Control,
    /// Outside XML 1.0's `Char` production (U+FFFE, U+FFFF).
    NotXml,
    /// Takes no space on screen.
    ZeroWidth,
    /// Changes the direction text is shown in.
    Bidi,
}

impl Unsendable {
    fn of(c: char) -> Option<Unsendable> {
        match c {
            '\u{200E}'
            | '\u{200F}'
            | '\u{061C}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}' => Some(Unsendable::Bidi),
            '\u{200B}'..='\u{200D}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' => {
                Some(Unsendable::ZeroWidth)
            }
            c if c.is_control() => Some(Unsendable::Control),
            // XML 1.0 `Char`: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] |
            // [#x10000-#x10FFFF]; a `char` is never a surrogate, so only these two remain.
            '\u{FFFE}' | '\u{FFFF}' => Some(Unsendable::NotXml),
            _ => None,
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Unsendable::Control => "a control character",
            Unsendable::NotXml => "a character XML does not allow",
            Unsendable::ZeroWidth => "an invisible zero-width character",
            Unsendable::Bidi => "an invisible text-direction character",
        }
    }
}

/// The first character of `text` that cannot be sent, where it is, and how many there are, as a
/// sentence starting with "contains"; `None` when all can be sent.
fn unsendable(text: &str) -> Option<String> {
    let mut found = text
        .chars()
        .enumerate()
        .filter_map(|(at, c)| Unsendable::of(c).map(|why| (at, c, why)));
    let (at, c, why) = found.next()?;
    let more = found.count();
    let also = match more {
        0 => String::new(),
        1 => " and 1 more such character".to_owned(),
        n => format!(" and {n} more such characters"),
    };
    Some(format!(
        "contains {} (U+{:04X}) at character {}{also}",
        why.describe(),
        u32::from(c),
        at + 1
    ))
}

/// `text`'s length in characters when it is over `max`.
fn over(text: &str, max: usize) -> Option<usize> {
    let count = text.chars().count();
    (count > max).then_some(count)
}

/// The form two names are compared in: NFC, so "é" typed as one character or as "e" plus an
/// accent is one name. Validation never changes the rows: this is only a key.
fn normalised(name: &str) -> String {
    name.nfc().collect()
}

/// [`normalised`], case-folded. Upper- then lower-casing approximates Unicode full case folding
/// ("Straße" and "STRASSE" match), which `str::to_lowercase` alone does not.
fn folded(name: &str) -> String {
    normalised(name)
        .to_uppercase()
        .to_lowercase()
        .nfc()
        .collect()
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
            | IssueCode::JitOnCustomConnector
            | IssueCode::ShadowedByProperty => Severity::Warning,
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
    // Normalised and case-folded name -> first row carrying it.
    let mut exact: HashMap<String, usize> = HashMap::new();
    let mut folded_names: HashMap<String, usize> = HashMap::new();
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
            if let Some(problem) = unsendable(name) {
                // The name itself is not quoted: it may hold exactly what cannot be shown.
                issues.push(RowIssue::new(
                    index,
                    RowField::SpName,
                    IssueCode::SpNameInvalidCharacter,
                    format!(
                        "The SP attribute name {problem}; it cannot be sent in a SAML assertion."
                    ),
                ));
            }
            if let Some(count) = over(name, SP_NAME_MAX_CHARS) {
                issues.push(RowIssue::new(
                    index,
                    RowField::SpName,
                    IssueCode::SpNameTooLong,
                    format!("The SP attribute name is {count} characters long; the limit is {SP_NAME_MAX_CHARS}."),
                ));
            }
            if name.trim() != name {
                issues.push(RowIssue::new(
                    index,
                    RowField::SpName,
                    IssueCode::SurroundingSpaces,
                    format!("\"{name}\" starts or ends with a space; the service provider would receive it with the space."),
                ));
            }
            let key = normalised(name);
            let fold = folded(name);
            if let Some(first) = exact.get(&key) {
                let other = &rows.rows[*first].sp_name;
                let message = if other == name {
                    format!("Row {} already sends \"{name}\".", first + 1)
                } else {
                    format!("Row {} already sends \"{other}\", which looks the same but is written with different Unicode characters.", first + 1)
                };
                issues.push(RowIssue::new(
                    index,
                    RowField::SpName,
                    IssueCode::RepeatedSpName,
                    message,
                ));
            } else if let Some(first) = folded_names.get(&fold) {
                let other = &rows.rows[*first].sp_name;
                issues.push(RowIssue::new(
                    index,
                    RowField::SpName,
                    IssueCode::RepeatedSpNameCase,
                    format!("Row {} sends \"{other}\", which differs only in letter case; the service provider will see two attributes.", first + 1),
                ));
            }
            exact.entry(key).or_insert(index);
            folded_names.entry(fold).or_insert(index);
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
    if let Some(groups) = &rows.groups {
        if groups.on && groups.name.trim().is_empty() {
            issues.push(RowIssue::new(
                rows.rows.len(),
                RowField::GroupAttribute,
                IssueCode::EmptyGroupAttributeName,
                "Name the attribute the user's groups are sent under.".to_owned(),
            ));
        }
    }
    issues
}

fn source_issues(index: usize, source: &Source, issues: &mut Vec<RowIssue>) {
    let mut push =
        |code, message| issues.push(RowIssue::new(index, RowField::Source, code, message));
    match source {
        Source::Property(p) if p.is_empty() => push(
            IssueCode::EmptyProperty,
            "Choose a JumpCloud user property.".to_owned(),
        ),
        Source::Property(p) if !is_user_property(p) => push(
            IssueCode::UnknownProperty,
            format!("\"{p}\" is not a JumpCloud user property SSO Desk knows; users may receive an empty value."),
        ),
        Source::Custom(name) if is_builtin_property(name) => push(
            IssueCode::ShadowedByProperty,
            format!("\"{name}\" is also a JumpCloud user property, and the property wins: users will receive their {name} property, not the custom attribute."),
        ),
        Source::Custom(name) => {
            if let Err(problem) = check_custom_name(name) {
                let why = match problem {
                    CustomNameProblem::Empty => "is empty",
                    CustomNameProblem::NotAlphanumeric => "may contain only letters and digits",
                    CustomNameProblem::TooLong => "must be shorter than 32 characters",
                };
                push(IssueCode::InvalidCustomName, format!("The custom attribute name {why}."));
            }
        }
        Source::Constant(c) if c.is_empty() => push(
            IssueCode::EmptyConstant,
            "The constant value is empty.".to_owned(),
        ),
        Source::Constant(c) => {
            if let Some(problem) = unsendable(c) {
                push(
                    IssueCode::ConstantInvalidCharacter,
                    format!("The constant {problem}; it cannot be sent in a SAML assertion."),
                );
            }
            if let Some(count) = over(c, CONSTANT_MAX_CHARS) {
                push(
                    IssueCode::ConstantTooLong,
                    format!("The constant is {count} characters long; the limit is {CONSTANT_MAX_CHARS}."),
                );
            }
            if c.trim() != c {
                push(
                    IssueCode::ConstantSurroundingSpaces,
                    "The constant starts or ends with a space; it is sent exactly as typed.".to_owned(),
                );
            }
        }
        Source::Property(_) => {}
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

#[cfg(test)]
#[path = "validation_tests.rs"]
mod tests;
