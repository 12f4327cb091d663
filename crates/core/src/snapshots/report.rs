//! The drift and an apply's outcome as text, for `sso-desk diff|apply` and a saved report. Labels
//! and values come from the server or the files, so the caller passes the text through
//! [`crate::terminal::printable`] before a terminal sees it.

use std::fmt::Write;

use serde_json::Value;

use super::{ApplyOutcome, Drift};

fn shown(value: Option<&Value>) -> String {
    match value {
        None => "(none)".to_owned(),
        Some(Value::String(s)) => format!("{s:?}"),
        Some(other) => other.to_string(),
    }
}

/// The drift as a report: each application with its changed fields (`live -> snapshot`), the
/// applications added and removed since the snapshot, and the bindings. `delete` says whether an
/// apply would delete the added ones.
pub fn drift_text(drift: &Drift, delete: bool) -> String {
    let mut out = String::new();
    if drift.is_empty() {
        out.push_str("No drift: the organisation matches the snapshot.\n");
        return out;
    }
    for app in &drift.changed {
        let _ = writeln!(
            out,
            "Changed: {} ({})",
            app.application.label, app.application.id
        );
        for change in &app.changes {
            let _ = writeln!(
                out,
                "  {}: {} -> {}",
                change.label,
                shown(change.before.as_ref()),
                shown(change.after.as_ref())
            );
        }
    }
    for app in &drift.removed {
        let _ = writeln!(
            out,
            "Removed since the snapshot (apply creates it anew): {} ({})",
            app.label, app.id
        );
    }
    let fate = if delete {
        "apply deletes it"
    } else {
        "kept; apply --delete deletes it"
    };
    for app in &drift.added {
        let _ = writeln!(
            out,
            "Added since the snapshot ({fate}): {} ({})",
            app.label, app.id
        );
    }
    for b in &drift.bindings {
        let names = |list: &[super::GroupName]| {
            list.iter()
                .map(|g| g.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let _ = write!(out, "User groups of {}:", b.application.label);
        if !b.bind.is_empty() {
            let _ = write!(out, " bind {};", names(&b.bind));
        }
        if !b.unbind.is_empty() {
            let _ = write!(out, " unbind {};", names(&b.unbind));
        }
        if !b.missing.is_empty() {
            let _ = write!(out, " gone from the organisation {};", names(&b.missing));
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "{} changed, {} removed, {} added, {} with other user groups.",
        drift.changed.len(),
        drift.removed.len(),
        drift.added.len(),
        drift.bindings.len()
    );
    out
}

/// What an apply did, and what failed.
pub fn apply_text(outcome: &ApplyOutcome) -> String {
    let mut out = String::new();
    for step in &outcome.done {
        let _ = writeln!(
            out,
            "{}: {} ({})",
            step.action, step.application.label, step.application.id
        );
        for d in &step.differences {
            let _ = writeln!(out, "  {}: {}", d.label, shown(d.after.as_ref()));
        }
        if let Some(note) = &step.note {
            let _ = writeln!(out, "  note: {note}");
        }
    }
    for failure in &outcome.failed {
        let _ = writeln!(out, "failed: {failure}");
    }
    let _ = writeln!(
        out,
        "{} step(s) done, {} failed.",
        outcome.done.len(),
        outcome.failed.len()
    );
    out
}
