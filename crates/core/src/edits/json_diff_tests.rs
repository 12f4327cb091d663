//! The merge's unit tests, and its properties over random documents.

mod cases {
    use super::super::*;
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
mod props {
    use super::super::*;
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
