//! Field-level differences and three-way merges of JSON documents.
//!
//! JumpCloud replaces a whole application on `PUT`, so SSO Desk always sends back a complete object.
//! When an admin edits a copy while someone else changes the same application in the console, the
//! edit must be replayed onto the current server copy without undoing the other person's work, and
//! without silently picking a winner where both touched the same field. This module promises:
//!
//! - [`diff`] lists every leaf-or-subtree change between two documents, in document order.
//!   Objects are compared key by key (recursively). Arrays of the same length are compared element
//!   by element (by index); arrays whose length differs are reported as one change of the whole
//!   array, because an index-wise comparison of a list where something was inserted or removed
//!   would misreport every element after the insertion point.
//! - [`merge3`] applies the changes between `base` and `mine` onto `theirs`. A field changed on
//!   both sides to different values is a [`FieldConflict`] carrying all three values; the same
//!   change made on both sides is not a conflict. Nothing in `theirs` that `mine` did not change
//!   is touched.
//!
//! Absence and `null` are different: a field that is missing is `None`, a field holding `null` is
//! `Some(Value::Null)`.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;

/// One step of a path into a JSON document: an object key or an array index.
///
/// Serialised untagged, so the UI sees a path as `(string | number)[]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(untagged)]
pub enum PathSegment {
    Key(String),
    // Indexes are far below 2^32; u32 keeps the TypeScript type a plain `number`.
    Index(#[specta(type = u32)] usize),
}

impl fmt::Display for PathSegment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PathSegment::Key(k) => write!(f, "{k}"),
            PathSegment::Index(i) => write!(f, "[{i}]"),
        }
    }
}

/// Renders a path the way an admin reads it: `config.constantAttributes.value[2].name`.
/// The empty path (the whole document) renders as `(document)`.
pub fn path_to_string(path: &[PathSegment]) -> String {
    if path.is_empty() {
        return "(document)".to_owned();
    }
    let mut out = String::new();
    for seg in path {
        match seg {
            PathSegment::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            PathSegment::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// One difference between two documents. `before` is `None` when the field was added, `after` is
/// `None` when it was removed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct FieldChange {
    pub path: Vec<PathSegment>,
    // Any JSON: the UI renders it as text (TypeScript `unknown`).
    #[specta(type = Option<specta_typescript::Unknown>)]
    pub before: Option<Value>,
    // Any JSON: the UI renders it as text (TypeScript `unknown`).
    #[specta(type = Option<specta_typescript::Unknown>)]
    pub after: Option<Value>,
}

/// A field that both sides changed, to different values. `None` means the field is absent on that
/// side (removed, or never there).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct FieldConflict {
    pub path: Vec<PathSegment>,
    // Any JSON: the UI renders it as text (TypeScript `unknown`).
    #[specta(type = Option<specta_typescript::Unknown>)]
    pub base: Option<Value>,
    // Any JSON: the UI renders it as text (TypeScript `unknown`).
    #[specta(type = Option<specta_typescript::Unknown>)]
    pub mine: Option<Value>,
    // Any JSON: the UI renders it as text (TypeScript `unknown`).
    #[specta(type = Option<specta_typescript::Unknown>)]
    pub theirs: Option<Value>,
}

/// Field-level differences from `before` to `after`, in document order (keys of `before` first, in
/// their order, then keys only `after` has).
///
/// Arrays: compared element-wise by index when both have the same length; otherwise the whole
/// array is one change at the array's path.
pub fn diff(before: &Value, after: &Value) -> Vec<FieldChange> {
    let mut out = Vec::new();
    let mut path = Vec::new();
    diff_into(before, after, &mut path, &mut out);
    out
}

fn diff_into(
    before: &Value,
    after: &Value,
    path: &mut Vec<PathSegment>,
    out: &mut Vec<FieldChange>,
) {
    if before == after {
        return;
    }
    match (before, after) {
        (Value::Object(b), Value::Object(a)) => {
            for (key, bv) in b {
                path.push(PathSegment::Key(key.clone()));
                match a.get(key) {
                    Some(av) => diff_into(bv, av, path, out),
                    None => out.push(FieldChange {
                        path: path.clone(),
                        before: Some(bv.clone()),
                        after: None,
                    }),
                }
                path.pop();
            }
            for (key, av) in a {
                if !b.contains_key(key) {
                    path.push(PathSegment::Key(key.clone()));
                    out.push(FieldChange {
                        path: path.clone(),
                        before: None,
                        after: Some(av.clone()),
                    });
                    path.pop();
                }
            }
        }
        (Value::Array(b), Value::Array(a)) if b.len() == a.len() => {
            for (i, (bv, av)) in b.iter().zip(a).enumerate() {
                path.push(PathSegment::Index(i));
                diff_into(bv, av, path, out);
                path.pop();
            }
        }
        _ => out.push(FieldChange {
            path: path.clone(),
            before: Some(before.clone()),
            after: Some(after.clone()),
        }),
    }
}

/// The value at `path`, or `None` when any step is missing or of the wrong kind.
pub fn value_at<'a>(doc: &'a Value, path: &[PathSegment]) -> Option<&'a Value> {
    let mut cur = doc;
    for seg in path {
        cur = match (seg, cur) {
            (PathSegment::Key(k), Value::Object(m)) => m.get(k)?,
            (PathSegment::Index(i), Value::Array(a)) => a.get(*i)?,
            _ => return None,
        };
    }
    Some(cur)
}

/// Sets (`Some`) or removes (`None`) the value at `path`. Returns false when the parent does not
/// exist or is of the wrong kind, leaving `doc` unchanged.
pub(crate) fn set_at(doc: &mut Value, path: &[PathSegment], value: Option<Value>) -> bool {
    let Some((last, parents)) = path.split_last() else {
        // The whole document; it cannot be "removed", only replaced.
        return match value {
            Some(v) => {
                *doc = v;
                true
            }
            None => false,
        };
    };
    let mut cur = doc;
    for seg in parents {
        let next = match (seg, cur) {
            (PathSegment::Key(k), Value::Object(m)) => m.get_mut(k),
            (PathSegment::Index(i), Value::Array(a)) => a.get_mut(*i),
            _ => None,
        };
        match next {
            Some(n) => cur = n,
            None => return false,
        }
    }
    match (last, cur, value) {
        (PathSegment::Key(k), Value::Object(m), Some(v)) => {
            m.insert(k.clone(), v);
            true
        }
        (PathSegment::Key(k), Value::Object(m), None) => {
            // shift_remove keeps the order of the remaining keys (preserve_order is on).
            m.shift_remove(k);
            true
        }
        (PathSegment::Index(i), Value::Array(a), Some(v)) => match a.get_mut(*i) {
            Some(slot) => {
                *slot = v;
                true
            }
            None => false,
        },
        _ => false,
    }
}

fn overlaps(a: &[PathSegment], b: &[PathSegment]) -> bool {
    let n = a.len().min(b.len());
    a[..n] == b[..n]
}

/// Three-way merge: the changes from `base` to `mine`, applied onto `theirs`.
///
/// Two changes overlap when one path is a prefix of the other (or they are equal). For an
/// overlapping pair the two sides are compared at the shorter path; if they agree there (the
/// same edit was made on both sides) the change is taken once, otherwise it is a conflict reported
/// at that shorter path with the base, mine and theirs values. All conflicts are collected, so the
/// admin sees every one at once.
pub fn merge3(base: &Value, mine: &Value, theirs: &Value) -> Result<Value, Vec<FieldConflict>> {
    let (merged, conflicts) = merge3_partial(base, mine, theirs);
    if conflicts.is_empty() {
        Ok(merged)
    } else {
        Err(conflicts)
    }
}

/// [`merge3`]'s two halves: `theirs` with every change of mine that does not conflict, and the
/// conflicts left out of it (what a rebase decides on, one by one).
pub fn merge3_partial(base: &Value, mine: &Value, theirs: &Value) -> (Value, Vec<FieldConflict>) {
    let my_changes = diff(base, mine);
    let their_changes = diff(base, theirs);
    let mut merged = theirs.clone();
    let mut conflicts: Vec<FieldConflict> = Vec::new();

    for change in &my_changes {
        let mut clash: Option<&[PathSegment]> = None;
        for theirs_change in &their_changes {
            if !overlaps(&change.path, &theirs_change.path) {
                continue;
            }
            let shorter = if change.path.len() <= theirs_change.path.len() {
                &change.path
            } else {
                &theirs_change.path
            };
            if value_at(mine, shorter) != value_at(theirs, shorter) {
                clash = Some(shorter);
                break;
            }
        }
        if let Some(at) = clash {
            push_conflict(&mut conflicts, at, base, mine, theirs);
            continue;
        }
        // Either nobody else touched this field, or theirs already holds the same value.
        if value_at(&merged, &change.path) == change.after.as_ref() {
            continue;
        }
        if !set_at(&mut merged, &change.path, change.after.clone()) {
            // The parent vanished on their side without an overlapping change being seen; treat
            // it as a conflict rather than dropping the admin's edit.
            push_conflict(&mut conflicts, &change.path, base, mine, theirs);
        }
    }
    (merged, conflicts)
}

fn push_conflict(
    conflicts: &mut Vec<FieldConflict>,
    at: &[PathSegment],
    base: &Value,
    mine: &Value,
    theirs: &Value,
) {
    if conflicts.iter().any(|c| c.path == at) {
        return;
    }
    conflicts.push(FieldConflict {
        path: at.to_vec(),
        base: value_at(base, at).cloned(),
        mine: value_at(mine, at).cloned(),
        theirs: value_at(theirs, at).cloned(),
    });
}

#[cfg(test)]
#[path = "json_diff_tests.rs"]
mod tests;
