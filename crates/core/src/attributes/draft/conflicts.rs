//! When someone else changed the application's attributes while the admin edited a draft.
//!
//! The three-way merge of a save reports conflicts on JSON paths; an attribute list whose length
//! changed is one conflict for the whole list, which says nothing useful to an admin. Here the
//! three versions are compared row by row, keyed by SP name (names are unique in a draft that
//! passes validation): a row is in conflict when both sides changed it differently. The admin
//! picks mine or theirs per conflicting row, and [`Draft::rebase`] builds a new draft on the
//! current server copy with every non-conflicting change of the admin replayed onto it. The
//! engine's rebase step ([`crate::edits::rebase::onto`]) checks and prepares the copy; the replay
//! by rows is this editor's own.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{read_for, Draft};
use crate::attributes::encoding::{AttributeList, AttributeRow, AttributeRows, Source};
use crate::attributes::rules::edits::settle;
use crate::edits::rebase::{onto, RebaseError};
use crate::edits::{label_conflicts, Choice, FieldConflict, LabelledConflict, PathSegment};

/// A row as one side has it (the SP name is the conflict's key).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RowSide {
    pub source: Source,
    pub on: bool,
}

/// A row both sides changed, differently. `None` on a side means the row is absent there.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RowConflict {
    pub sp_name: String,
    pub base: Option<RowSide>,
    pub mine: Option<RowSide>,
    pub theirs: Option<RowSide>,
}

/// What a failed save means for the attribute editor.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AttributeConflicts {
    /// Rows to decide on.
    pub rows: Vec<RowConflict>,
    /// Conflicts outside the attribute lists (shown as they are; the admin's rows win there).
    pub other: Vec<LabelledConflict>,
}

/// The admin's decision for one conflicting row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RowChoice {
    pub sp_name: String,
    pub choice: Choice,
}

/// Whether a conflict path lies in (or contains) one of the attribute lists.
fn touches_attributes(path: &[PathSegment]) -> bool {
    AttributeList::ALL.iter().any(|list| {
        let list_path = [
            PathSegment::Key("config".to_owned()),
            PathSegment::Key(list.key().to_owned()),
        ];
        let n = path.len().min(list_path.len());
        path[..n] == list_path[..n]
    })
}

/// Rows by SP name (the first row of a name wins), and the names in row order.
fn by_name(rows: &AttributeRows) -> (HashMap<&str, RowSide>, Vec<&str>) {
    let mut map = HashMap::new();
    let mut order = Vec::new();
    for row in &rows.rows {
        if !map.contains_key(row.sp_name.as_str()) {
            map.insert(
                row.sp_name.as_str(),
                RowSide {
                    source: row.source.clone(),
                    on: row.on,
                },
            );
            order.push(row.sp_name.as_str());
        }
    }
    (map, order)
}

/// The SP names the admin changed (added, removed or edited), mine first in row order, then the
/// removed ones in base order.
fn my_changes<'a>(
    base: &'a (HashMap<&'a str, RowSide>, Vec<&'a str>),
    mine: &'a (HashMap<&'a str, RowSide>, Vec<&'a str>),
) -> Vec<&'a str> {
    let mut names: Vec<&str> = mine
        .1
        .iter()
        .copied()
        .filter(|n| base.0.get(n) != mine.0.get(n))
        .collect();
    names.extend(base.1.iter().copied().filter(|n| !mine.0.contains_key(n)));
    names
}

impl Draft {
    /// Turns the conflicts of a failed save against `theirs` (the server's current copy) into
    /// rows to decide on. Rows are compared only when some conflict touches the attribute lists.
    pub fn conflicts(
        &self,
        theirs: &Value,
        field_conflicts: &[FieldConflict],
    ) -> AttributeConflicts {
        let (touching, other): (Vec<&FieldConflict>, Vec<&FieldConflict>) = field_conflicts
            .iter()
            .partition(|c| touches_attributes(&c.path));
        let other: Vec<FieldConflict> = other.into_iter().cloned().collect();
        let other = label_conflicts(&other, &self.edited_application(), theirs);
        if touching.is_empty() {
            return AttributeConflicts {
                rows: Vec::new(),
                other,
            };
        }
        let base_rows = self.base_rows();
        let theirs_rows = read_for(theirs, self.requirements.as_deref());
        let (base, mine, their) = (
            by_name(&base_rows),
            by_name(&self.rows),
            by_name(&theirs_rows),
        );
        let rows = my_changes(&base, &mine)
            .into_iter()
            .filter(|name| {
                base.0.get(name) != their.0.get(name) && mine.0.get(name) != their.0.get(name)
            })
            .map(|name| RowConflict {
                sp_name: name.to_owned(),
                base: base.0.get(name).cloned(),
                mine: mine.0.get(name).cloned(),
                theirs: their.0.get(name).cloned(),
            })
            .collect();
        AttributeConflicts { rows, other }
    }

    /// A new draft based on `theirs` (the server's current copy): its rows are theirs with each
    /// of the admin's changes replayed, except conflicting rows for which the admin chose theirs.
    /// Every conflicting row needs a choice. Undo history starts afresh (it referred to the old
    /// base).
    pub fn rebase(&self, theirs: Value, choices: &[RowChoice]) -> Result<Draft, RebaseError> {
        let theirs = onto(&self.application_id, theirs)?;
        let base_rows = self.base_rows();
        let theirs_rows = read_for(&theirs, self.requirements.as_deref());
        let mut result = theirs_rows.clone();
        let (base, mine, their) = (
            by_name(&base_rows),
            by_name(&self.rows),
            by_name(&theirs_rows),
        );
        for name in my_changes(&base, &mine) {
            let mine_side = mine.0.get(name);
            let their_side = their.0.get(name);
            let conflicting = base.0.get(name) != their_side && mine_side != their_side;
            if conflicting {
                let choice = choices
                    .iter()
                    .find(|c| c.sp_name == name)
                    .map(|c| c.choice)
                    .ok_or_else(|| RebaseError::Unresolved {
                        label: format!("User attribute {name}"),
                    })?;
                if choice == Choice::TakeTheirs {
                    continue;
                }
            }
            let mine_row = self.rows.rows.iter().find(|r| r.sp_name == name);
            replay(&mut result, name, mine_row);
        }
        // The group attribute the admin changed is replayed too (the merge of the save already
        // reported a conflict on its config keys, and the admin chose to go on).
        if self.rows.groups.is_some() && self.rows.groups != base_rows.groups {
            result.groups.clone_from(&self.rows.groups);
        }
        Ok(Draft {
            application_id: self.application_id.clone(),
            base: theirs,
            requirements: self.requirements.clone(),
            rows: settle(result),
            undo: Vec::new(),
            redo: Vec::new(),
            theirs: None,
        })
    }
}

/// Makes the row called `name` in `rows` look like `mine` (or removes it when `mine` is `None`).
/// A JIT-required row on the server is never removed; a row replayed onto a missing JIT
/// requirement becomes that requirement's row.
fn replay(rows: &mut AttributeRows, name: &str, mine: Option<&AttributeRow>) {
    let existing = rows.rows.iter().position(|r| r.sp_name == name);
    match (mine, existing) {
        (Some(mine), Some(at)) => {
            rows.rows[at].source = mine.source.clone();
            rows.rows[at].on = mine.on;
        }
        (Some(mine), None) => {
            let was_missing = rows.missing.iter().position(|m| m.sp_name == name);
            if let Some(at) = was_missing {
                rows.missing.remove(at);
            }
            rows.rows.push(AttributeRow {
                sp_name: mine.sp_name.clone(),
                source: mine.source.clone(),
                jit_required: was_missing.is_some() || mine.jit_required,
                on: mine.on,
                origin: None,
            });
        }
        (None, Some(at)) => {
            if !rows.rows[at].jit_required {
                rows.rows.remove(at);
            }
        }
        (None, None) => {}
    }
}
