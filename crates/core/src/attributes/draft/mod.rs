//! An admin's unsaved attribute edits to one application, with undo and redo: the User
//! attributes tab's kind of draft for the edit engine ([`crate::edits`]).
//!
//! A [`Draft`] pairs the application as it was read (`base`) with the rows being edited. Every
//! edit goes through the rules ([`crate::attributes::rules::apply`]), so a draft never holds a
//! renamed or deleted JIT-required row. [`Draft::edited_application`] is what a save sends: the
//! base with only its attribute lists rewritten. Drafts are kept by the engine's store and
//! survive a restart or a crash; a damaged draft file is reported, never deleted behind the
//! admin's back. [`OpenDrafts`] holds the drafts the editor has open; a conflict is decided row by
//! row ([`Draft::conflicts`], [`Draft::rebase`]).

mod conflicts;
mod open;

pub use conflicts::{AttributeConflicts, RowChoice, RowConflict, RowSide};
pub use open::{
    requirements_of, AttributeEditorState, AttributeReview, EditorError, OpenDrafts, SaveOutcome,
};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::attributes::encoding::{
    read_only_reason, read_rows, read_rows_without_template, write_rows, write_rows_for_save,
    AttributeRow, AttributeRows, JitRequirement, RowOrigin, CUSTOM_CONNECTOR_TEMPLATE,
};
use crate::attributes::rules::{self, AttributeEdit, EditError, RowIssue, Severity};
use crate::edits::{DraftKind, DraftStore, EditDraft, ReviewIssue, StoredDraft};

/// The attribute editor's drafts: `drafts/<application id>.draft.json` in the connection's folder.
pub const DRAFTS: DraftKind = DraftKind {
    folder: "drafts",
    suffix: ".draft.json",
    format: 2,
};

/// The version written into every attribute draft file.
pub const DRAFT_FORMAT: u32 = DRAFTS.format;

/// The attribute drafts of one connection.
pub type AttributeDrafts = DraftStore<Draft>;

/// How many steps undo remembers; older steps are forgotten first.
pub const UNDO_DEPTH: usize = 200;

/// One application's edit session.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Draft {
    pub application_id: String,
    /// The application as read from JumpCloud when editing began (or after the last rebase).
    pub base: Value,
    /// The template's JIT requirements; `None` when the template could not be read (rows are
    /// then JIT-required by their `required`/`readOnly` flags).
    pub requirements: Option<Vec<JitRequirement>>,
    pub rows: AttributeRows,
    pub undo: Vec<AttributeRows>,
    pub redo: Vec<AttributeRows>,
    /// The server's copy the last save met in a conflict: what [`Draft::rebase`] goes onto.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theirs: Option<Value>,
}

/// A row whose name, source or switch changed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RowChange {
    pub before: AttributeRow,
    pub after: AttributeRow,
}

/// What the draft changes, in rows.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RowChanges {
    pub added: Vec<AttributeRow>,
    pub removed: Vec<AttributeRow>,
    pub changed: Vec<RowChange>,
}

impl RowChanges {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// Reads `application`'s rows with the template's requirements, or by flags without them.
pub(crate) fn read_for(
    application: &Value,
    requirements: Option<&[JitRequirement]>,
) -> AttributeRows {
    match requirements {
        Some(reqs) => read_rows(application, reqs),
        None => read_rows_without_template(application),
    }
}

/// What the attribute editor shows for a draft.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DraftView {
    pub application_id: String,
    pub rows: AttributeRows,
    pub issues: Vec<RowIssue>,
    /// False when an issue of severity error must be fixed first, or nothing changed.
    pub can_save: bool,
    pub changes: RowChanges,
    pub can_undo: bool,
    pub can_redo: bool,
    pub is_custom_connector: bool,
    /// Why the editor is read-only: the application holds something the encoding does not
    /// understand. Every edit and save is refused with this reason. `None` when editable.
    pub read_only: Option<String>,
}

impl Draft {
    /// Starts editing `application` (as just read). Its id is the application's `_id`. The
    /// custom SAML connector has no JIT requirements, whether or not its template was read.
    pub fn new(application: Value, requirements: Option<Vec<JitRequirement>>) -> Self {
        let custom =
            application.get("name").and_then(Value::as_str) == Some(CUSTOM_CONNECTOR_TEMPLATE);
        let requirements = if custom {
            Some(Vec::new())
        } else {
            requirements
        };
        let application_id = application
            .get("_id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let rows = read_for(&application, requirements.as_deref());
        Draft {
            application_id,
            base: application,
            requirements,
            rows,
            undo: Vec::new(),
            redo: Vec::new(),
            theirs: None,
        }
    }

    /// The rows of `base`, unedited.
    pub fn base_rows(&self) -> AttributeRows {
        read_for(&self.base, self.requirements.as_deref())
    }

    /// Whether the application uses JumpCloud's custom SAML connector (only free rows).
    pub fn is_custom_connector(&self) -> bool {
        self.base.get("name").and_then(Value::as_str) == Some(CUSTOM_CONNECTOR_TEMPLATE)
    }

    /// Applies an edit through the rules. A refused edit leaves the draft as it was; an edit that
    /// changes nothing is not recorded for undo.
    pub fn apply(&mut self, edit: &AttributeEdit) -> Result<(), EditError> {
        if let Some(reason) = self.read_only() {
            return Err(EditError::ReadOnly { reason });
        }
        let next = rules::apply(&self.rows, edit)?;
        if next != self.rows {
            self.undo.push(std::mem::replace(&mut self.rows, next));
            if self.undo.len() > UNDO_DEPTH {
                self.undo.remove(0);
            }
            self.redo.clear();
        }
        Ok(())
    }

    /// Steps back one edit; false when there is nothing to undo.
    pub fn undo(&mut self) -> bool {
        match self.undo.pop() {
            Some(previous) => {
                self.redo.push(std::mem::replace(&mut self.rows, previous));
                true
            }
            None => false,
        }
    }

    /// Re-applies the last undone edit; false when there is nothing to redo.
    pub fn redo(&mut self) -> bool {
        match self.redo.pop() {
            Some(next) => {
                self.undo.push(std::mem::replace(&mut self.rows, next));
                true
            }
            None => false,
        }
    }

    /// Why the base cannot be edited (see [`DraftView::read_only`]); read from the base itself,
    /// so a draft saved before this was known is refused too.
    pub fn read_only(&self) -> Option<String> {
        read_only_reason(&self.base)
    }

    /// The application a save sends: `base` with its attribute lists rewritten from the rows,
    /// and entries of earlier versions (`attributes.` prefix) in the bare form.
    pub fn edited_application(&self) -> Value {
        write_rows_for_save(&self.base, &self.rows)
    }

    /// Whether the admin changed anything. The rewrite of legacy entries a save carries along
    /// is no change of its own: an application is not saved for it alone.
    pub fn has_changes(&self) -> bool {
        write_rows(&self.base, &self.rows) != self.base
    }

    /// Every issue with the rows, including a JIT-required row of the base that is gone or
    /// renamed.
    pub fn validate(&self) -> Vec<RowIssue> {
        rules::validate_change(&self.base_rows(), &self.rows, self.is_custom_connector())
    }

    /// Everything the editor shows, computed once.
    pub fn view(&self) -> DraftView {
        let issues = self.validate();
        let changes = self.row_changes();
        let read_only = self.read_only();
        DraftView {
            application_id: self.application_id.clone(),
            rows: self.rows.clone(),
            can_save: read_only.is_none() && !rules::has_errors(&issues) && self.has_changes(),
            read_only,
            issues,
            changes,
            can_undo: !self.undo.is_empty(),
            can_redo: !self.redo.is_empty(),
            is_custom_connector: self.is_custom_connector(),
        }
    }

    /// The rows added, removed and changed since `base`. Rows are matched by the entry they were
    /// read from; rows added in the editor are all "added".
    pub fn row_changes(&self) -> RowChanges {
        row_changes(&self.base_rows(), &self.rows)
    }
}

impl StoredDraft for Draft {
    const KIND: DraftKind = DRAFTS;
    fn application_id(&self) -> &str {
        &self.application_id
    }
}

impl EditDraft for Draft {
    fn base(&self) -> &Value {
        &self.base
    }

    fn edited(&self) -> Value {
        self.edited_application()
    }

    fn has_changes(&self) -> bool {
        Draft::has_changes(self)
    }

    /// The read-only reason, and every issue of severity error, by the row it concerns.
    fn blocking(&self) -> Vec<ReviewIssue> {
        if let Some(reason) = self.read_only() {
            return vec![ReviewIssue {
                label: "User attributes".to_owned(),
                message: reason,
            }];
        }
        let rows = &self.rows.rows;
        self.validate()
            .into_iter()
            .filter(|i| i.severity == Severity::Error)
            .map(|issue| {
                let name = usize::try_from(issue.row)
                    .ok()
                    .and_then(|r| rows.get(r))
                    .map(|r| r.sp_name.as_str())
                    .filter(|n| !n.is_empty());
                ReviewIssue {
                    label: match name {
                        Some(name) => format!("User attribute {name}"),
                        None => "User attributes".to_owned(),
                    },
                    message: issue.message,
                }
            })
            .collect()
    }
}

pub(crate) fn row_changes(before: &AttributeRows, after: &AttributeRows) -> RowChanges {
    let mut out = RowChanges::default();
    let find = |origin: Option<RowOrigin>| {
        origin.and_then(|o| after.rows.iter().find(|r| r.origin == Some(o)))
    };
    for old in &before.rows {
        match find(old.origin) {
            None => out.removed.push(old.clone()),
            Some(new)
                if new.sp_name != old.sp_name || new.source != old.source || new.on != old.on =>
            {
                out.changed.push(RowChange {
                    before: old.clone(),
                    after: new.clone(),
                })
            }
            Some(_) => {}
        }
    }
    out.added = after
        .rows
        .iter()
        .filter(|r| r.origin.is_none() || !before.rows.iter().any(|old| old.origin == r.origin))
        .cloned()
        .collect();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attributes::encoding::Source;
    use serde_json::json;

    fn draft() -> Draft {
        let app = json!({"_id": "5f0c1a2b3c4d5e6f70819203", "name": "slack", "config": {"databaseAttributes": {"value": [
            {"name": "email", "value": "email"},
            {"name": "team", "value": "department"}
        ]}}});
        let reqs = vec![JitRequirement {
            sp_name: "email".into(),
            default_property: "email".into(),
        }];
        Draft::new(app, Some(reqs))
    }

    #[test]
    fn undo_and_redo_walk_the_edits() {
        let mut d = draft();
        let start = d.rows.clone();
        d.apply(&AttributeEdit::SetSpName {
            row: 1,
            sp_name: "dept".into(),
        })
        .expect("free row");
        let renamed = d.rows.clone();
        d.apply(&AttributeEdit::Toggle { row: 0 }).expect("toggle");
        assert!(d.undo(), "there is an edit to undo");
        assert_eq!(
            d.rows, renamed,
            "undo restores the rows before the last edit"
        );
        assert!(d.undo());
        assert_eq!(d.rows, start);
        assert!(!d.undo(), "nothing left to undo");
        assert!(d.redo());
        assert_eq!(d.rows, renamed, "redo re-applies");
        d.apply(&AttributeEdit::DeleteRow { row: 1 })
            .expect("free row");
        assert!(!d.redo(), "a new edit clears redo");
    }

    #[test]
    fn refused_and_empty_edits_leave_no_trace() {
        let mut d = draft();
        let before = d.clone();
        assert!(
            d.apply(&AttributeEdit::DeleteRow { row: 0 }).is_err(),
            "JIT rows cannot be deleted"
        );
        d.apply(&AttributeEdit::SetOn { row: 0, on: true })
            .expect("already on");
        assert_eq!(d, before, "neither a refused edit nor a no-op is recorded");
        assert!(!d.has_changes());
    }

    #[test]
    fn row_changes_summarise_the_edit() {
        let mut d = draft();
        d.apply(&AttributeEdit::SetSource {
            row: 0,
            source: Source::Property("alternateEmail".into()),
        })
        .expect("jit source is editable");
        d.apply(&AttributeEdit::DeleteRow { row: 1 })
            .expect("free row");
        d.apply(&AttributeEdit::AddRow {
            sp_name: "tier".into(),
            source: Source::Constant("gold".into()),
        })
        .expect("add");
        let changes = d.row_changes();
        assert_eq!(changes.changed.len(), 1);
        assert_eq!(
            changes.changed[0].after.source,
            Source::Property("alternateEmail".into())
        );
        assert_eq!(
            changes
                .removed
                .iter()
                .map(|r| r.sp_name.as_str())
                .collect::<Vec<_>>(),
            vec!["team"]
        );
        assert_eq!(
            changes
                .added
                .iter()
                .map(|r| r.sp_name.as_str())
                .collect::<Vec<_>>(),
            vec!["tier"]
        );
        assert!(d.has_changes());
        assert!(
            d.validate().is_empty(),
            "the edits are valid: {:?}",
            d.validate()
        );
    }

    #[test]
    fn custom_connector_is_known_by_template_name() {
        let locked = json!({"_id": "x", "name": "custom-saml-app", "config": {"databaseAttributes": {"value": [
            {"name": "email", "value": "email", "required": true, "readOnly": true}
        ]}}});
        let d = Draft::new(locked, None);
        assert!(d.is_custom_connector());
        assert!(
            !d.rows.rows[0].jit_required,
            "the custom connector has only free rows, flags or not"
        );
        assert!(d.validate().is_empty());
        assert!(!draft().is_custom_connector());
    }
}
