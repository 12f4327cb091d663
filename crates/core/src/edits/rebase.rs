//! A draft moved onto a fresh read of its application: the server's copy becomes the draft's base,
//! and the admin's changes are replayed onto it, each conflicting one as the admin chose.
//!
//! [`onto`] is the step every kind shares (the copy must be of the same application, and loses
//! its private key before a draft keeps it). [`replay`] replays a JSON draft's changes (the
//! Single sign-on tab, a restore); the attribute editor replays rows by SP name instead, because
//! a list that grew or shrank is one conflict for JSON and many rows for the admin.

use serde_json::Value;

use super::conflict::{Choice, FieldChoice};
use super::json_diff::{merge3_partial, set_at, value_at};
use super::labels::label_of;
use crate::sso::without_private_key;

/// Why a rebase was refused (the draft is unchanged).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RebaseError {
    #[error("choose yours or theirs for {label}")]
    Unresolved { label: String },
    #[error("the current copy is application {found}, not {expected}")]
    WrongApplication { expected: String, found: String },
}

/// `theirs` (a fresh read), checked to be application `application_id` and without its private
/// key: the base a rebased draft starts from.
pub fn onto(application_id: &str, theirs: Value) -> Result<Value, RebaseError> {
    if let Some(found) = theirs.get("_id").and_then(Value::as_str) {
        if !application_id.is_empty() && found != application_id {
            return Err(RebaseError::WrongApplication {
                expected: application_id.to_owned(),
                found: found.to_owned(),
            });
        }
    }
    Ok(without_private_key(theirs))
}

/// The changes from `base` to `edited` replayed onto `theirs`: every change nobody else made
/// differently, and for each conflicting field the admin's choice (`choices`, by path). A
/// conflict without a choice refuses the rebase.
pub fn replay(
    base: &Value,
    edited: &Value,
    theirs: &Value,
    choices: &[FieldChoice],
) -> Result<Value, RebaseError> {
    let (mut merged, conflicts) = merge3_partial(base, edited, theirs);
    for conflict in conflicts {
        let choice = choices
            .iter()
            .find(|c| c.path == conflict.path)
            .map(|c| c.choice)
            .ok_or_else(|| RebaseError::Unresolved {
                label: label_of(&[edited, theirs], &conflict.path),
            })?;
        if choice == Choice::KeepMine {
            let mine = value_at(edited, &conflict.path).cloned();
            if !set_at(&mut merged, &conflict.path, mine) {
                tracing::warn!("a kept value has no place in the current copy any more");
            }
        }
    }
    Ok(merged)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::edits::json_diff::PathSegment;

    fn acs(v: &str) -> Value {
        json!({"_id": "a1", "description": "d", "config": {"acsUrl": {"label": "ACS URL", "value": v},
            "loginUrl": {"value": "https://login"}}})
    }

    #[test]
    fn a_replay_keeps_theirs_and_decides_each_conflict_as_chosen() {
        let base = acs("https://base");
        let mut mine = acs("https://mine");
        mine["config"]["loginUrl"]["value"] = json!("https://mine-login");
        let mut theirs = acs("https://theirs");
        theirs["description"] = json!("theirs");
        let path = vec![
            PathSegment::Key("config".into()),
            PathSegment::Key("acsUrl".into()),
            PathSegment::Key("value".into()),
        ];
        assert_eq!(
            replay(&base, &mine, &theirs, &[]),
            Err(RebaseError::Unresolved {
                label: "ACS URL".into()
            })
        );
        for (choice, expected) in [
            (Choice::KeepMine, "https://mine"),
            (Choice::TakeTheirs, "https://theirs"),
        ] {
            let chosen = [FieldChoice {
                path: path.clone(),
                choice,
            }];
            let out = replay(&base, &mine, &theirs, &chosen).expect("decided");
            assert_eq!(out["config"]["acsUrl"]["value"], expected, "{choice:?}");
            assert_eq!(out["description"], "theirs", "their other change stays");
            assert_eq!(
                out["config"]["loginUrl"]["value"], "https://mine-login",
                "my other change stays"
            );
        }
    }

    #[test]
    fn a_fresh_copy_must_be_the_same_application_and_loses_its_key() {
        let mut other = acs("x");
        other["_id"] = json!("b2");
        assert!(matches!(
            onto("a1", other),
            Err(RebaseError::WrongApplication { .. })
        ));
        let mut keyed = acs("x");
        keyed["config"]["idpPrivateKey"] = json!({"value": "KEY"});
        assert!(!onto("a1", keyed).expect("same").to_string().contains("KEY"));
    }
}
