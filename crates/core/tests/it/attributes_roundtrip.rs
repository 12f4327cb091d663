//! Property tests of the encoding over generated applications: a deterministic generator builds
//! thousands of JumpCloud-shaped applications (odd entries, missing lists, flags, unknown keys),
//! then checks that reading and writing without edits changes nothing, and that after random
//! edits the written application reads back as the edited rows with everything else untouched
//! (a custom row the bare encoding cannot express, an empty name or a property's name, reads back
//! as the property, as docs/attribute-encoding.md says).

use serde_json::{json, Map, Value};
use sso_desk_core::attributes::rules::{apply, AttributeEdit};
use sso_desk_core::attributes::{
    is_builtin_property, read_rows, write_rows, AttributeList, AttributeRows, JitRequirement,
    Source,
};

/// xorshift64*: small, deterministic, good enough to vary shapes.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const NAMES: &[&str] = &[
    "email",
    "Email",
    "firstName",
    "lastName",
    " sp",
    "",
    "uid",
    "team",
    "tenant",
];
const DB_VALUES: &[&str] = &[
    "email",
    "lastname",
    "firstname",
    "attributes.badge",
    "attributes.",
    "bogus",
    "",
    "department",
];
const CONSTANTS: &[&str] = &["acme", "", " x ", "gold"];

fn entry(g: &mut Gen, list: AttributeList) -> Value {
    if g.chance(15) {
        return match g.below(6) {
            0 => json!("a string"),
            1 => Value::Null,
            2 => json!(42),
            3 => json!({"value": "email"}),
            4 => json!({"name": 7, "value": "email"}),
            _ => json!({"name": g.pick(NAMES), "value": [1]}),
        };
    }
    let mut object = Map::new();
    if g.chance(20) {
        object.insert("position".into(), json!(g.below(9)));
    }
    object.insert("name".into(), json!(g.pick(NAMES)));
    let value = match list {
        AttributeList::Database => g.pick(DB_VALUES),
        AttributeList::Constant => g.pick(CONSTANTS),
    };
    object.insert("value".into(), json!(value));
    if g.chance(40) {
        object.insert("visible".into(), json!(g.chance(50)));
    }
    if g.chance(25) {
        object.insert("required".into(), json!(true));
        object.insert("readOnly".into(), json!(g.chance(70)));
    }
    if g.chance(25) {
        object.insert("futureKey".into(), json!({"n": g.below(5)}));
    }
    Value::Object(object)
}

fn application(g: &mut Gen) -> Value {
    let mut app =
        json!({"_id": "5f0c1a2b3c4d5e6f70819203", "name": "slack", "sso": {"idpCertificate": "C"}});
    match g.below(10) {
        0 => return app,
        1 => {
            app["config"] = Value::Null;
            return app;
        }
        _ => {}
    }
    let mut config = Map::new();
    config.insert("acsUrl".into(), json!({"value": "https://sp.example/acs"}));
    for list in AttributeList::ALL {
        match g.below(8) {
            0 => {}
            1 => {
                config.insert(list.key().into(), json!({"type": "list"}));
            }
            2 => {
                config.insert(list.key().into(), json!({"type": "list", "value": null}));
            }
            _ => {
                let entries: Vec<Value> = (0..g.below(7)).map(|_| entry(g, list)).collect();
                config.insert(
                    list.key().into(),
                    json!({"type": "list", "label": "L", "value": entries}),
                );
            }
        }
    }
    app["config"] = Value::Object(config);
    app
}

fn requirements(g: &mut Gen) -> Vec<JitRequirement> {
    ["email", "firstName", "lastName"]
        .iter()
        .filter(|_| g.chance(50))
        .map(|name| JitRequirement {
            sp_name: (*name).into(),
            default_property: name.to_lowercase(),
        })
        .collect()
}

fn random_edit(g: &mut Gen, rows: &AttributeRows) -> AttributeEdit {
    let row = g.below(rows.rows.len() + 1) as u32;
    let source = match g.below(3) {
        0 => Source::Property(g.pick(&["email", "username", "jobTitle", ""]).into()),
        1 => Source::Custom(
            g.pick(&["badge", "costCode", "bad name", "department"])
                .into(),
        ),
        _ => Source::Constant(g.pick(CONSTANTS).into()),
    };
    match g.below(7) {
        0 => AttributeEdit::SetSource { row, source },
        1 => AttributeEdit::SetSpName {
            row,
            sp_name: g.pick(NAMES).into(),
        },
        2 => AttributeEdit::SetOn {
            row,
            on: g.chance(50),
        },
        3 => AttributeEdit::Toggle { row },
        4 => AttributeEdit::AddRow {
            sp_name: g.pick(&["new", "uid", "lastName"]).into(),
            source,
        },
        5 => AttributeEdit::DeleteRow { row },
        _ => AttributeEdit::AddMissing {
            sp_name: g.pick(&["email", "firstName", "lastName"]).into(),
        },
    }
}

/// What a row says, per list, in order.
fn sayings(rows: &AttributeRows, list: AttributeList) -> Vec<(String, Source, bool)> {
    rows.rows
        .iter()
        .filter(|r| r.source.list() == list)
        .map(|r| (r.sp_name.clone(), r.source.clone(), r.on))
        .collect()
}

fn without_lists(app: &Value) -> Value {
    let mut app = app.clone();
    if let Some(config) = app.get_mut("config").and_then(Value::as_object_mut) {
        for list in AttributeList::ALL {
            if let Some(holder) = config.get_mut(list.key()).and_then(Value::as_object_mut) {
                holder.remove("value");
            }
        }
    }
    app
}

/// `written` with what write_rows creates for new rows undone: a `config` where there was no
/// config object, and list containers (shaped like JumpCloud's) where there were none.
fn without_created(written: &Value, original: &Value) -> Value {
    let mut written = written.clone();
    let original_config = original.get("config").and_then(Value::as_object);
    if let Some(config) = written.get_mut("config").and_then(Value::as_object_mut) {
        for list in AttributeList::ALL {
            let had = original_config
                .and_then(|c| c.get(list.key()))
                .is_some_and(Value::is_object);
            if !had && config.contains_key(list.key()) {
                let created = config.remove(list.key()).expect("present");
                assert_eq!(
                    created["type"],
                    json!("constantAttributes"),
                    "a created list says its type as JumpCloud's containers do"
                );
                if let Some(old) = original_config.and_then(|c| c.get(list.key())) {
                    config.insert(list.key().into(), old.clone());
                }
            }
        }
    }
    if original_config.is_none() {
        let Some(config) = written.get("config").and_then(Value::as_object) else {
            return written;
        };
        assert!(
            config.is_empty(),
            "a created config holds only created lists"
        );
        match original.get("config") {
            Some(old) => written["config"] = old.clone(),
            None => {
                written.as_object_mut().expect("object").remove("config");
            }
        }
    }
    written
}

#[test]
fn generated_applications_round_trip_unchanged() {
    let mut g = Gen(0x5EED_1234_ABCD_0001);
    for case in 0..3000 {
        let app = application(&mut g);
        let reqs = requirements(&mut g);
        let rows = read_rows(&app, &reqs);
        assert_eq!(
            write_rows(&app, &rows),
            app,
            "case {case}: unedited rows must write back the same application\n{app:#}"
        );
    }
}

#[test]
fn generated_edits_read_back_as_edited() {
    let mut g = Gen(0x0DDB_A115_5EED_0002);
    let (mut applied, mut refused, mut property_won, mut read_only) = (0, 0, 0, 0);
    // Applications holding entries SSO Desk does not understand are read-only (a good share of
    // the generated ones), so enough cases are run for the editable ones to see many edits.
    for case in 0..3000 {
        let app = application(&mut g);
        let reqs = requirements(&mut g);
        let mut rows = read_rows(&app, &reqs);
        for _ in 0..g.below(8) {
            let edit = random_edit(&mut g, &rows);
            match apply(&rows, &edit) {
                Ok(next) => {
                    assert!(
                        rows.read_only.is_none(),
                        "case {case}: an edit of a read-only application is refused"
                    );
                    rows = next;
                    applied += 1;
                }
                Err(_) => refused += 1,
            }
        }
        let written = write_rows(&app, &rows);
        if rows.read_only.is_some() {
            read_only += 1;
            assert_eq!(
                written, app,
                "case {case}: a read-only application is written back unchanged"
            );
        }
        let reread = read_rows(&written, &reqs);
        for list in AttributeList::ALL {
            let (got, edited) = (sayings(&reread, list), sayings(&rows, list));
            assert_eq!(
                got.len(),
                edited.len(),
                "case {case}: {list:?} rows read back as edited\n{written:#}"
            );
            for (got, edited) in got.iter().zip(&edited) {
                assert!(
                    got == edited || property_wins(got, edited),
                    "case {case}: {list:?} row {edited:?} reads back as {got:?}\n{written:#}"
                );
                if got != edited {
                    property_won += 1;
                }
            }
        }
        assert_eq!(
            reread.unread.len(),
            rows.unread.len(),
            "case {case}: entries not understood are all kept"
        );
        let missing = |r: &AttributeRows| {
            r.missing
                .iter()
                .map(|m| m.sp_name.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            missing(&reread),
            missing(&rows),
            "case {case}: drift reads back as the editor saw it"
        );
        assert_eq!(without_lists(&without_created(&written, &app)), without_lists(&app), "case {case}: nothing outside the lists' values changes, except lists created for new rows\n{written:#}");
    }
    assert!(applied > 2000 && refused > 100, "the generator must exercise both allowed and refused edits ({applied} applied, {refused} refused)");
    assert!(
        read_only > 0 && read_only < 3000,
        "the generator must make both read-only and editable applications ({read_only} read-only)"
    );
    assert!(
        property_won > 0,
        "the generator must exercise rewritten custom rows a property takes over"
    );
}

/// Whether `got` is how the bare encoding reads back an edited row `edited` that says a custom
/// attribute it cannot express: a custom attribute is written by its bare name, and a bare name
/// that is empty or a built-in property reads as the property (docs/attribute-encoding.md). The
/// editor flags such rows (`invalid_custom_name`, `shadowed_by_property`).
fn property_wins(got: &(String, Source, bool), edited: &(String, Source, bool)) -> bool {
    let (name, source, on) = edited;
    match source {
        Source::Custom(custom) if custom.is_empty() || is_builtin_property(custom) => {
            *got == (name.clone(), Source::Property(custom.clone()), *on)
        }
        _ => false,
    }
}
