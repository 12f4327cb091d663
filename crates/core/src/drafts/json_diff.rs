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
fn set_at(doc: &mut Value, path: &[PathSegment], value: Option<Value>) -> bool {
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

    if conflicts.is_empty() {
        Ok(merged)
    } else {
        Err(conflicts)
    }
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
mod tests {
    use super::*;
    use serde_json::json;

    fn key(k: &str) -> PathSegment {
        PathSegment::Key(k.to_owned())
    }

    #[test]
    fn equal_documents_have_no_changes() {
        let doc = json!({"a": 1, "b": [1, 2, {"c": null}]});
        assert!(
            diff(&doc, &doc).is_empty(),
            "a document compared with itself must not differ"
        );
    }

    #[test]
    fn diff_recurses_into_objects_and_reports_added_and_removed_fields() {
        let before = json!({"name": "x", "sso": {"idpCertificate": "A", "gone": 1}});
        let after = json!({"name": "x", "sso": {"idpCertificate": "B", "new": true}});
        let changes = diff(&before, &after);
        assert_eq!(
            changes,
            vec![
                FieldChange {
                    path: vec![key("sso"), key("idpCertificate")],
                    before: Some(json!("A")),
                    after: Some(json!("B")),
                },
                FieldChange {
                    path: vec![key("sso"), key("gone")],
                    before: Some(json!(1)),
                    after: None
                },
                FieldChange {
                    path: vec![key("sso"), key("new")],
                    before: None,
                    after: Some(json!(true))
                },
            ],
            "each changed leaf is reported at its own path, removals before additions"
        );
    }

    #[test]
    fn null_and_absent_are_different() {
        let changes = diff(&json!({}), &json!({"a": null}));
        assert_eq!(changes.len(), 1, "adding a null field is a change");
        assert_eq!(changes[0].before, None, "absent is None");
        assert_eq!(changes[0].after, Some(Value::Null), "null is Some(Null)");
    }

    #[test]
    fn same_length_arrays_are_compared_by_index() {
        let before = json!({"v": [{"name": "a"}, {"name": "b"}]});
        let after = json!({"v": [{"name": "a"}, {"name": "c"}]});
        let changes = diff(&before, &after);
        assert_eq!(changes.len(), 1, "only the changed element differs");
        assert_eq!(
            changes[0].path,
            vec![key("v"), PathSegment::Index(1), key("name")]
        );
    }

    #[test]
    fn arrays_of_different_length_are_one_change() {
        let before = json!({"v": [1, 2]});
        let after = json!({"v": [0, 1, 2]});
        let changes = diff(&before, &after);
        assert_eq!(
            changes.len(),
            1,
            "an insertion must not be reported as many element edits"
        );
        assert_eq!(changes[0].path, vec![key("v")]);
        assert_eq!(changes[0].after, Some(json!([0, 1, 2])));
    }

    #[test]
    fn type_change_at_root_is_one_change_at_empty_path() {
        let changes = diff(&json!({"a": 1}), &json!([1]));
        assert_eq!(changes.len(), 1);
        assert!(changes[0].path.is_empty(), "the whole document changed");
    }

    #[test]
    fn merge_applies_my_changes_onto_theirs_and_keeps_theirs() {
        let base = json!({"displayLabel": "Old", "description": "d", "sso": {"a": 1}});
        let mine = json!({"displayLabel": "New", "description": "d", "sso": {"a": 1}});
        let theirs =
            json!({"displayLabel": "Old", "description": "console edit", "sso": {"a": 1, "b": 2}});
        let merged = merge3(&base, &mine, &theirs).expect("edits to different fields must merge");
        assert_eq!(
            merged,
            json!({"displayLabel": "New", "description": "console edit", "sso": {"a": 1, "b": 2}}),
            "my label change and their description and sso changes all survive"
        );
    }

    #[test]
    fn merge_keeps_key_order_of_theirs() {
        let base = json!({"a": 1, "b": 2, "c": 3});
        let mine = json!({"a": 1, "b": 20, "c": 3});
        let merged = merge3(&base, &mine, &base).expect("no conflict");
        let keys: Vec<_> = merged
            .as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        assert_eq!(
            keys,
            vec!["a", "b", "c"],
            "a replaced value stays where it was"
        );
    }

    #[test]
    fn merge_removes_what_i_removed() {
        let base = json!({"a": 1, "b": 2});
        let mine = json!({"a": 1});
        let theirs = json!({"a": 1, "b": 2, "c": 3});
        assert_eq!(merge3(&base, &mine, &theirs), Ok(json!({"a": 1, "c": 3})));
    }

    #[test]
    fn identical_changes_on_both_sides_are_not_conflicts() {
        let base = json!({"a": 1, "list": [1]});
        let mine = json!({"a": 2, "list": [1, 2]});
        let theirs = json!({"a": 2, "list": [1, 2]});
        assert_eq!(
            merge3(&base, &mine, &theirs),
            Ok(theirs.clone()),
            "the same edit twice is fine"
        );
    }

    #[test]
    fn different_changes_to_one_field_conflict_with_all_three_values() {
        let base = json!({"displayLabel": "Old", "other": 1});
        let mine = json!({"displayLabel": "Mine", "other": 1});
        let theirs = json!({"displayLabel": "Theirs", "other": 2});
        let conflicts = merge3(&base, &mine, &theirs).expect_err("both changed the label");
        assert_eq!(
            conflicts,
            vec![FieldConflict {
                path: vec![key("displayLabel")],
                base: Some(json!("Old")),
                mine: Some(json!("Mine")),
                theirs: Some(json!("Theirs")),
            }],
            "exactly the label conflicts; the other field merged silently"
        );
    }

    #[test]
    fn my_edit_under_a_field_they_removed_conflicts() {
        let base = json!({"config": {"acsUrl": {"value": "a"}}});
        let mine = json!({"config": {"acsUrl": {"value": "b"}}});
        let theirs = json!({});
        let conflicts = merge3(&base, &mine, &theirs).expect_err("their removal hides my edit");
        assert_eq!(conflicts.len(), 1);
        assert_eq!(
            conflicts[0].path,
            vec![key("config")],
            "reported at the shorter path"
        );
        assert_eq!(conflicts[0].theirs, None, "absent on their side");
    }

    #[test]
    fn element_edit_against_list_growth_conflicts() {
        let base = json!({"v": [{"name": "a"}, {"name": "b"}]});
        let mine = json!({"v": [{"name": "a"}, {"name": "B"}]});
        let theirs = json!({"v": [{"name": "a"}, {"name": "b"}, {"name": "c"}]});
        let conflicts =
            merge3(&base, &mine, &theirs).expect_err("an index edit cannot be replayed safely");
        assert_eq!(conflicts[0].path, vec![key("v")]);
        assert_eq!(
            conflicts[0].mine,
            Some(json!([{"name": "a"}, {"name": "B"}]))
        );
    }

    #[test]
    fn edits_to_different_elements_of_one_list_merge() {
        let base = json!({"v": [1, 2, 3]});
        let mine = json!({"v": [10, 2, 3]});
        let theirs = json!({"v": [1, 2, 30]});
        assert_eq!(merge3(&base, &mine, &theirs), Ok(json!({"v": [10, 2, 30]})));
    }

    #[test]
    fn both_adding_the_same_key_differently_conflicts() {
        let base = json!({});
        let conflicts =
            merge3(&base, &json!({"k": 1}), &json!({"k": 2})).expect_err("two new values");
        assert_eq!(conflicts[0].base, None, "the key did not exist in the base");
    }

    #[test]
    fn path_renders_for_people_and_serialises_untagged() {
        let path = vec![
            key("config"),
            key("constantAttributes"),
            key("value"),
            PathSegment::Index(2),
        ];
        assert_eq!(path_to_string(&path), "config.constantAttributes.value[2]");
        assert_eq!(path_to_string(&[]), "(document)");
        let json = serde_json::to_value(&path).expect("paths serialise");
        assert_eq!(json, json!(["config", "constantAttributes", "value", 2]));
    }
}

/// Properties of the three-way merge over random documents and random edits on both sides.
/// `PROPTEST_CASES` sets how many cases run (the default is proptest's).
#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;
    use serde_json::{Map, Value};

    /// Keys from a small alphabet, so the two sides often touch the same fields.
    fn key() -> impl Strategy<Value = String> {
        prop::sample::select(vec!["a", "b", "c", "d", "e"]).prop_map(str::to_owned)
    }

    fn leaf() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            (-3i64..4).prop_map(Value::from),
            "[xyz]{0,2}".prop_map(Value::String),
        ]
    }

    fn json() -> impl Strategy<Value = Value> {
        leaf().prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::vec((key(), inner), 0..4)
                    .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
            ]
        })
    }

    fn object() -> impl Strategy<Value = Value> {
        prop::collection::vec((key(), json()), 0..5)
            .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>()))
    }

    /// One random edit: where (an index into the document's paths), what, and a new value.
    #[derive(Debug, Clone)]
    enum Edit {
        Set(usize, Value),
        Remove(usize),
        AddKey(usize, String, Value),
    }

    fn edit() -> impl Strategy<Value = Edit> {
        prop_oneof![
            (any::<usize>(), json()).prop_map(|(i, v)| Edit::Set(i, v)),
            any::<usize>().prop_map(Edit::Remove),
            (any::<usize>(), key(), json()).prop_map(|(i, k, v)| Edit::AddKey(i, k, v)),
        ]
    }

    /// Every path in `doc` (not the root), in document order.
    fn paths(doc: &Value, at: &mut Vec<PathSegment>, out: &mut Vec<Vec<PathSegment>>) {
        match doc {
            Value::Object(m) => {
                for (k, v) in m {
                    at.push(PathSegment::Key(k.clone()));
                    out.push(at.clone());
                    paths(v, at, out);
                    at.pop();
                }
            }
            Value::Array(a) => {
                for (i, v) in a.iter().enumerate() {
                    at.push(PathSegment::Index(i));
                    out.push(at.clone());
                    paths(v, at, out);
                    at.pop();
                }
            }
            _ => {}
        }
    }

    /// Applies `edits` to a copy of `doc`, touching only fields under the top-level keys that
    /// `allowed` accepts.
    fn edited(doc: &Value, edits: &[Edit], allowed: &dyn Fn(&str) -> bool) -> Value {
        let mut doc = doc.clone();
        for e in edits {
            let mut all = Vec::new();
            paths(&doc, &mut Vec::new(), &mut all);
            all.retain(|p| matches!(&p[0], PathSegment::Key(k) if allowed(k)));
            let pick = |i: usize| all.get(i % all.len().max(1)).cloned();
            match e {
                Edit::Set(i, v) => {
                    if let Some(p) = pick(*i) {
                        set_at(&mut doc, &p, Some(v.clone()));
                    }
                }
                Edit::Remove(i) => {
                    if let Some(p) = pick(*i) {
                        let (last, parent) = p.split_last().expect("not the root");
                        match (last, value_at_mut(&mut doc, parent)) {
                            (PathSegment::Key(k), Some(Value::Object(m))) => {
                                m.shift_remove(k);
                            }
                            (PathSegment::Index(i), Some(Value::Array(a))) => {
                                a.remove(*i);
                            }
                            _ => {}
                        }
                    }
                }
                Edit::AddKey(i, k, v) => {
                    // Into an object under an allowed key, or at the top when the key is allowed.
                    let target =
                        pick(*i).filter(|p| value_at(&doc, p).is_some_and(Value::is_object));
                    match target {
                        Some(p) => {
                            if let Some(Value::Object(m)) = value_at_mut(&mut doc, &p) {
                                m.insert(k.clone(), v.clone());
                            }
                        }
                        None if allowed(k) => {
                            if let Value::Object(m) = &mut doc {
                                m.insert(k.clone(), v.clone());
                            }
                        }
                        None => {}
                    }
                }
            }
        }
        doc
    }

    fn value_at_mut<'a>(doc: &'a mut Value, path: &[PathSegment]) -> Option<&'a mut Value> {
        let mut cur = doc;
        for seg in path {
            cur = match (seg, cur) {
                (PathSegment::Key(k), Value::Object(m)) => m.get_mut(k)?,
                (PathSegment::Index(i), Value::Array(a)) => a.get_mut(*i)?,
                _ => return None,
            };
        }
        Some(cur)
    }

    fn shorter<'a>(a: &'a [PathSegment], b: &'a [PathSegment]) -> &'a [PathSegment] {
        if a.len() <= b.len() {
            a
        } else {
            b
        }
    }

    /// The paths where both sides changed the same thing (one path within the other) to
    /// different values, compared at the shorter path.
    fn real_conflicts(base: &Value, mine: &Value, theirs: &Value) -> Vec<Vec<PathSegment>> {
        let (m, t) = (diff(base, mine), diff(base, theirs));
        let mut out: Vec<Vec<PathSegment>> = Vec::new();
        for mc in &m {
            for tc in &t {
                if !overlaps(&mc.path, &tc.path) {
                    continue;
                }
                let at = shorter(&mc.path, &tc.path);
                if value_at(mine, at) != value_at(theirs, at) && !out.iter().any(|p| p == at) {
                    out.push(at.to_vec());
                }
            }
        }
        out
    }

    /// Every change of one side that the other side did not touch is in the merge.
    fn keeps_one_sided_changes(base: &Value, side: &Value, other: &Value, merged: &Value) {
        let others = diff(base, other);
        for c in diff(base, side) {
            if others.iter().any(|o| overlaps(&o.path, &c.path)) {
                continue;
            }
            assert_eq!(
                value_at(merged, &c.path),
                c.after.as_ref(),
                "the change at {} was lost",
                path_to_string(&c.path)
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::default())]

        /// Edits on disjoint fields always merge, and the merge holds both sides' changes.
        #[test]
        fn disjoint_edits_merge_and_keep_both_sides(
            base in object(),
            mine_edits in prop::collection::vec(edit(), 0..5),
            their_edits in prop::collection::vec(edit(), 0..5),
        ) {
            let mine = edited(&base, &mine_edits, &|k| k < "c");
            let theirs = edited(&base, &their_edits, &|k| k >= "c");
            let merged = merge3(&base, &mine, &theirs);
            prop_assert!(merged.is_ok(), "disjoint edits conflicted: {merged:?}");
            let merged = merged.unwrap_or_default();
            keeps_one_sided_changes(&base, &mine, &theirs, &merged);
            keeps_one_sided_changes(&base, &theirs, &mine, &merged);
        }

        /// On any edits: the merge fails exactly when both sides changed the same thing to
        /// different values, reports exactly those places with the three values, and otherwise
        /// keeps every one-sided change and touches nothing of theirs that mine did not change.
        #[test]
        fn conflicts_exactly_when_both_sides_changed_the_same_thing_differently(
            base in object(),
            mine_edits in prop::collection::vec(edit(), 0..5),
            their_edits in prop::collection::vec(edit(), 0..5),
        ) {
            let mine = edited(&base, &mine_edits, &|_| true);
            let theirs = edited(&base, &their_edits, &|_| true);
            let expected = real_conflicts(&base, &mine, &theirs);
            match merge3(&base, &mine, &theirs) {
                Ok(merged) => {
                    prop_assert!(expected.is_empty(), "missed conflicts at {expected:?}");
                    keeps_one_sided_changes(&base, &mine, &theirs, &merged);
                    keeps_one_sided_changes(&base, &theirs, &mine, &merged);
                    let mine_changes = diff(&base, &mine);
                    for c in diff(&theirs, &merged) {
                        prop_assert!(
                            mine_changes.iter().any(|m| overlaps(&m.path, &c.path)),
                            "the merge changed {} which mine did not touch",
                            path_to_string(&c.path)
                        );
                    }
                }
                Err(conflicts) => {
                    let mut got: Vec<Vec<PathSegment>> =
                        conflicts.iter().map(|c| c.path.clone()).collect();
                    let mut want = expected.clone();
                    got.sort_by_key(|p| format!("{p:?}"));
                    want.sort_by_key(|p| format!("{p:?}"));
                    // Each conflict of one change is reported once, at the first clash found.
                    for p in &got {
                        prop_assert!(want.contains(p), "conflict at {p:?} is not a real one");
                    }
                    prop_assert!(!got.is_empty() && !want.is_empty());
                    for c in &conflicts {
                        prop_assert_eq!(c.base.as_ref(), value_at(&base, &c.path));
                        prop_assert_eq!(c.mine.as_ref(), value_at(&mine, &c.path));
                        prop_assert_eq!(c.theirs.as_ref(), value_at(&theirs, &c.path));
                        prop_assert_ne!(c.mine.as_ref(), c.theirs.as_ref());
                    }
                }
            }
        }

        /// Both sides setting one field to different plain values is always a conflict at that
        /// field.
        #[test]
        fn the_same_field_set_differently_conflicts(
            base in object(),
            k in key(),
            a in leaf(),
            b in leaf(),
        ) {
            // Values no base holds (its strings are at most two letters), different on each
            // side, so no case is rejected.
            let mut mine = base.clone();
            mine[&k] = Value::String(format!("mine {a}"));
            let mut theirs = base.clone();
            theirs[&k] = Value::String(format!("theirs {b}"));
            let conflicts = merge3(&base, &mine, &theirs);
            prop_assert!(conflicts.is_err(), "two different values must conflict");
            let conflicts = conflicts.err().unwrap_or_default();
            prop_assert!(
                conflicts.iter().all(|c| c.path.first() == Some(&PathSegment::Key(k.clone()))),
                "{conflicts:?}"
            );
        }
    }
}
