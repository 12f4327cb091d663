//! The edits an admin can make to an application's attribute rows, as pure functions.
//!
//! Each takes the rows and returns new rows, or an [`EditError`] when the rule forbids it: a
//! JIT-required row keeps its SP name and cannot be deleted (it can be switched off, and its
//! property or constant changed). Rows stay in assertion order (database rows, then constants),
//! so what the editor shows is the order the organisation will hold after a save. Edits store what was typed as it is; [`super::validate`] says
//! what is wrong with it.

use serde::{Deserialize, Serialize};

use crate::attributes::encoding::{AttributeRow, AttributeRows, GroupAttribute, Source};

/// One edit, as the UI sends it. `row` indexes `AttributeRows::rows`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum AttributeEdit {
    SetSource {
        row: u32,
        source: Source,
    },
    SetSpName {
        row: u32,
        sp_name: String,
    },
    SetOn {
        row: u32,
        on: bool,
    },
    Toggle {
        row: u32,
    },
    AddRow {
        sp_name: String,
        source: Source,
    },
    DeleteRow {
        row: u32,
    },
    /// Adds a JIT-required attribute the application lacks (template drift), with the template's
    /// default property, switched on.
    AddMissing {
        sp_name: String,
    },
    /// The "Send user groups" switch and the attribute name the groups are sent under
    /// (`config.includeGroups`, `config.groupsAttributeName`). Stored as typed; validation
    /// reports an empty name while the switch is on.
    SetGroupAttribute {
        on: bool,
        name: String,
    },
}

/// Why an edit was refused. Serialised as `{code, detail}` so the UI switches on the code.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize, specta::Type)]
#[serde(
    tag = "code",
    content = "detail",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum EditError {
    #[error("there is no row {row}")]
    NoSuchRow { row: u32 },
    #[error("\"{sp_name}\" is required for JIT; its name cannot change")]
    JitNameLocked { sp_name: String },
    #[error("\"{sp_name}\" is required for JIT and cannot be deleted; switch it off instead")]
    JitRowUndeletable { sp_name: String },
    #[error("\"{sp_name}\" is required for JIT; add it from the missing attributes instead")]
    NameReservedForJit { sp_name: String },
    #[error("\"{sp_name}\" is not a missing JIT-required attribute")]
    NotMissing { sp_name: String },
    /// The application holds something the encoding does not understand: nothing is edited.
    #[error("{reason}")]
    ReadOnly { reason: String },
}

/// Applies one edit. Every edit is refused while the rows are read-only
/// ([`AttributeRows::read_only`]).
pub fn apply(rows: &AttributeRows, edit: &AttributeEdit) -> Result<AttributeRows, EditError> {
    if let Some(reason) = &rows.read_only {
        return Err(EditError::ReadOnly {
            reason: reason.clone(),
        });
    }
    match edit {
        AttributeEdit::SetSource { row, source } => set_source(rows, *row, source.clone()),
        AttributeEdit::SetSpName { row, sp_name } => set_sp_name(rows, *row, sp_name),
        AttributeEdit::SetOn { row, on } => set_on(rows, *row, *on),
        AttributeEdit::Toggle { row } => toggle(rows, *row),
        AttributeEdit::AddRow { sp_name, source } => add_row(rows, sp_name, source.clone()),
        AttributeEdit::DeleteRow { row } => delete_row(rows, *row),
        AttributeEdit::AddMissing { sp_name } => add_missing(rows, sp_name),
        AttributeEdit::SetGroupAttribute { on, name } => Ok(set_group_attribute(rows, *on, name)),
    }
}

/// Sets the group attribute: whether the user's groups are sent, and under which name.
pub fn set_group_attribute(rows: &AttributeRows, on: bool, name: &str) -> AttributeRows {
    let mut out = rows.clone();
    out.groups = Some(GroupAttribute {
        on,
        name: name.to_owned(),
    });
    out
}

/// Keeps the rows in the order they are sent and read back: database rows (properties, custom
/// attributes) first, then constants, each group in its existing order. A new row joins the end
/// of its group; a row whose source changes list moves to the nearest edge of that list's group
/// (a database row becoming a constant is the first constant, and the other way round).
pub(crate) fn settle(mut rows: AttributeRows) -> AttributeRows {
    rows.rows.sort_by_key(|r| r.source.list());
    rows
}

fn slot(row: u32) -> Result<usize, EditError> {
    usize::try_from(row).map_err(|_| EditError::NoSuchRow { row })
}

fn with_row(
    rows: &AttributeRows,
    row: u32,
    change: impl FnOnce(&mut AttributeRow) -> Result<(), EditError>,
) -> Result<AttributeRows, EditError> {
    let mut out = rows.clone();
    let target = out
        .rows
        .get_mut(slot(row)?)
        .ok_or(EditError::NoSuchRow { row })?;
    change(target)?;
    Ok(settle(out))
}

/// Whether `sp_name` belongs to a JIT requirement the application lacks: a free row must not
/// take it, or the requirement would be offered again and the row never locked.
fn reserved(rows: &AttributeRows, sp_name: &str) -> bool {
    rows.missing.iter().any(|m| m.sp_name == sp_name)
}

/// Changes where a row's value comes from (property, custom attribute or constant). Allowed on
/// every row, JIT-required ones included.
pub fn set_source(
    rows: &AttributeRows,
    row: u32,
    source: Source,
) -> Result<AttributeRows, EditError> {
    with_row(rows, row, |r| {
        r.source = source;
        Ok(())
    })
}

/// Renames a free row. Refused for JIT-required rows, and for a name a missing JIT requirement
/// holds (use [`add_missing`]).
pub fn set_sp_name(
    rows: &AttributeRows,
    row: u32,
    sp_name: &str,
) -> Result<AttributeRows, EditError> {
    let reserved = reserved(rows, sp_name);
    with_row(rows, row, |r| {
        if r.jit_required {
            if r.sp_name == sp_name {
                return Ok(());
            }
            return Err(EditError::JitNameLocked {
                sp_name: r.sp_name.clone(),
            });
        }
        if reserved {
            return Err(EditError::NameReservedForJit {
                sp_name: sp_name.to_owned(),
            });
        }
        r.sp_name = sp_name.to_owned();
        Ok(())
    })
}

/// Switches a row on (sent) or off (kept, not sent). Switching a JIT-required row off opts out
/// of sending it.
pub fn set_on(rows: &AttributeRows, row: u32, on: bool) -> Result<AttributeRows, EditError> {
    with_row(rows, row, |r| {
        r.on = on;
        Ok(())
    })
}

/// Flips a row's switch.
pub fn toggle(rows: &AttributeRows, row: u32) -> Result<AttributeRows, EditError> {
    with_row(rows, row, |r| {
        r.on = !r.on;
        Ok(())
    })
}

/// Appends a free row, switched on.
pub fn add_row(
    rows: &AttributeRows,
    sp_name: &str,
    source: Source,
) -> Result<AttributeRows, EditError> {
    if reserved(rows, sp_name) {
        return Err(EditError::NameReservedForJit {
            sp_name: sp_name.to_owned(),
        });
    }
    let mut out = rows.clone();
    out.rows.push(AttributeRow {
        sp_name: sp_name.to_owned(),
        source,
        jit_required: false,
        on: true,
        origin: None,
    });
    Ok(settle(out))
}

/// Deletes a free row. JIT-required rows cannot be deleted (switch them off).
pub fn delete_row(rows: &AttributeRows, row: u32) -> Result<AttributeRows, EditError> {
    let index = slot(row)?;
    let target = rows.rows.get(index).ok_or(EditError::NoSuchRow { row })?;
    if target.jit_required {
        return Err(EditError::JitRowUndeletable {
            sp_name: target.sp_name.clone(),
        });
    }
    let mut out = rows.clone();
    out.rows.remove(index);
    Ok(out)
}

/// Adds the missing JIT-required attribute `sp_name` with the template's default property,
/// switched on and locked, and takes it off the missing list.
pub fn add_missing(rows: &AttributeRows, sp_name: &str) -> Result<AttributeRows, EditError> {
    let position = rows
        .missing
        .iter()
        .position(|m| m.sp_name == sp_name)
        .ok_or_else(|| EditError::NotMissing {
            sp_name: sp_name.to_owned(),
        })?;
    let mut out = rows.clone();
    let requirement = out.missing.remove(position);
    out.rows.push(AttributeRow {
        sp_name: requirement.sp_name,
        source: Source::Property(requirement.default_property),
        jit_required: true,
        on: true,
        origin: None,
    });
    Ok(settle(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attributes::encoding::{read_rows, JitRequirement};
    use serde_json::json;

    fn rows() -> AttributeRows {
        let app = json!({"config": {"databaseAttributes": {"value": [
            {"name": "email", "value": "email"},
            {"name": "team", "value": "department"}
        ]}}});
        let reqs = [
            JitRequirement {
                sp_name: "email".into(),
                default_property: "email".into(),
            },
            JitRequirement {
                sp_name: "lastName".into(),
                default_property: "lastname".into(),
            },
        ];
        read_rows(&app, &reqs)
    }

    #[test]
    fn jit_rows_keep_their_name_and_stay() {
        let r = rows();
        assert_eq!(
            set_sp_name(&r, 0, "mail"),
            Err(EditError::JitNameLocked {
                sp_name: "email".into()
            }),
            "a JIT-required row's SP name is locked"
        );
        assert_eq!(
            set_sp_name(&r, 0, "email"),
            Ok(r.clone()),
            "re-typing the same name is not a rename"
        );
        assert_eq!(
            delete_row(&r, 0),
            Err(EditError::JitRowUndeletable {
                sp_name: "email".into()
            }),
            "a JIT-required row cannot be deleted"
        );
        let changed = set_source(&r, 0, Source::Property("alternateEmail".into()))
            .expect("source is editable");
        assert_eq!(
            changed.rows[0].source,
            Source::Property("alternateEmail".into())
        );
        let off = toggle(&r, 0).expect("a JIT row can be switched off");
        assert!(!off.rows[0].on, "toggle opts out of sending");
    }

    #[test]
    fn free_rows_are_free() {
        let r = rows();
        let renamed = set_sp_name(&r, 1, "Team ").expect("free rows can be renamed");
        assert_eq!(
            renamed.rows[1].sp_name, "Team ",
            "what the admin typed is stored untouched"
        );
        let deleted = delete_row(&r, 1).expect("free rows can be deleted");
        assert_eq!(deleted.rows.len(), 1);
        assert_eq!(delete_row(&r, 5), Err(EditError::NoSuchRow { row: 5 }));
        assert_eq!(r.rows.len(), 2, "edits are pure: the input is untouched");
    }

    #[test]
    fn missing_requirements_are_added_locked_and_their_names_reserved() {
        let r = rows();
        assert_eq!(
            add_row(&r, "lastName", Source::Constant("x".into())),
            Err(EditError::NameReservedForJit {
                sp_name: "lastName".into()
            })
        );
        assert_eq!(
            set_sp_name(&r, 1, "lastName"),
            Err(EditError::NameReservedForJit {
                sp_name: "lastName".into()
            })
        );
        let added = add_missing(&r, "lastName").expect("lastName is missing");
        let last = added.rows.last().expect("a row was added");
        assert_eq!(
            (
                last.sp_name.as_str(),
                &last.source,
                last.jit_required,
                last.on
            ),
            ("lastName", &Source::Property("lastname".into()), true, true)
        );
        assert!(
            added.missing.is_empty(),
            "the requirement is no longer missing"
        );
        assert_eq!(
            add_missing(&added, "lastName"),
            Err(EditError::NotMissing {
                sp_name: "lastName".into()
            })
        );
    }

    #[test]
    fn rows_stay_in_assertion_order() {
        let r = add_row(&rows(), "tier", Source::Constant("gold".into())).expect("free");
        let r = add_row(&r, "uid", Source::Property("username".into())).expect("free");
        let names: Vec<&str> = r.rows.iter().map(|row| row.sp_name.as_str()).collect();
        assert_eq!(
            names,
            vec!["email", "team", "uid", "tier"],
            "a new property row joins the database rows"
        );
        let moved = set_source(&r, 1, Source::Constant("x".into())).expect("free");
        let names: Vec<&str> = moved.rows.iter().map(|row| row.sp_name.as_str()).collect();
        assert_eq!(
            names,
            vec!["email", "uid", "team", "tier"],
            "a row that becomes a constant moves to the constants"
        );
    }

    #[test]
    fn edits_round_trip_through_json() {
        let edit = AttributeEdit::SetSpName {
            row: 2,
            sp_name: "x".into(),
        };
        let text = serde_json::to_string(&edit).expect("serialise");
        assert_eq!(
            text, r#"{"kind":"setSpName","row":2,"spName":"x"}"#,
            "the UI sends this shape"
        );
        assert_eq!(
            serde_json::from_str::<AttributeEdit>(&text).expect("deserialise"),
            edit
        );
    }
}
