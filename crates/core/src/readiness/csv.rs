//! CSV export of an application's not-ready users, for admins who chase the missing values in a
//! spreadsheet. Promises RFC 4180 quoting (a field with a comma, quote, CR or LF is quoted, quotes
//! doubled; lines end in CRLF) and that no cell starts with a character a spreadsheet would run as
//! a formula: user data comes from the directory and must not become a command when opened.

use std::fmt::Write as _;

use super::report::{ApplicationReadiness, BoundBy, RequiredAttribute, ValueSource};

const HEADER: [&str; 6] = [
    "user id",
    "username",
    "email",
    "name",
    "missing attributes",
    "bound",
];

pub(crate) fn push_cell(out: &mut String, text: &str) {
    // A leading =, +, -, @ (or tab/CR) makes spreadsheets evaluate the cell; a leading
    // apostrophe keeps it text (OWASP's advice for CSV injection).
    let guarded = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let needs_quotes = guarded || text.contains([',', '"', '\r', '\n']);
    if needs_quotes {
        out.push('"');
    }
    if guarded {
        out.push('\'');
    }
    for ch in text.chars() {
        if ch == '"' {
            out.push('"');
        }
        out.push(ch);
    }
    if needs_quotes {
        out.push('"');
    }
}

fn describe(attribute: &RequiredAttribute) -> String {
    let source = match &attribute.source {
        ValueSource::Property { property } => format!("property {property}"),
        ValueSource::Custom { attribute } => format!("custom attribute {attribute}"),
        ValueSource::Constant { value } => format!("constant \"{value}\""),
    };
    format!("{} ({source})", attribute.name)
}

/// The not-ready users of a report as CSV: user id, username, email, name, missing attributes
/// (each as `SP name (source)`, separated by `; `), and how the user is bound (`group`, `direct`,
/// or `direct and group`).
pub fn to_csv(report: &ApplicationReadiness) -> String {
    let mut out = String::with_capacity(64 * (report.users_not_ready.len() + 1));
    for (i, title) in HEADER.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_cell(&mut out, title);
    }
    out.push_str("\r\n");
    let mut missing = String::new();
    for user in &report.users_not_ready {
        missing.clear();
        for (i, attribute) in user.missing.iter().enumerate() {
            if i > 0 {
                missing.push_str("; ");
            }
            // Writing to a String cannot fail.
            let _ = write!(missing, "{}", describe(attribute));
        }
        for (i, cell) in [
            &*user.user_id,
            &user.username,
            &user.email,
            &user.name,
            &missing,
            match user.bound_by {
                BoundBy::Groups => "group",
                BoundBy::Directly => "direct",
                BoundBy::DirectlyAndGroups => "direct and group",
            },
        ]
        .into_iter()
        .enumerate()
        {
            if i > 0 {
                out.push(',');
            }
            push_cell(&mut out, cell);
        }
        out.push_str("\r\n");
    }
    out
}
