//! When someone else changed the same fields while the admin edited: the conflicts of a save, each
//! with its label and the three values (before, mine, theirs), and the admin's decision per
//! conflict. Every kind of edit shows its conflicts in this one shape (the attribute editor adds
//! its rows).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::change_log::is_secret;
use super::json_diff::{FieldConflict, PathSegment};
use super::labels::label_of;

/// A field both sides changed, differently. `None` on a side means the field is absent there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LabelledConflict {
    pub path: Vec<PathSegment>,
    pub label: String,
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

/// The admin's decision for one conflict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum Choice {
    KeepMine,
    TakeTheirs,
}

/// The decision on the conflicting field at `path`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FieldChoice {
    pub path: Vec<PathSegment>,
    pub choice: Choice,
}

/// `conflicts` labelled from the copies they lie in (mine, then theirs), without any under a
/// private key.
pub fn label_conflicts(
    conflicts: &[FieldConflict],
    mine: &Value,
    theirs: &Value,
) -> Vec<LabelledConflict> {
    conflicts
        .iter()
        .filter(|c| !is_secret(&c.path))
        .map(|c| LabelledConflict {
            label: label_of(&[mine, theirs], &c.path),
            path: c.path.clone(),
            base: c.base.clone(),
            mine: c.mine.clone(),
            theirs: c.theirs.clone(),
        })
        .collect()
}
