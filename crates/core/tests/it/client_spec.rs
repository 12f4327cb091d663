//! The client against JumpCloud's published OpenAPI specs.
//!
//! For every definition the client reads, instances are generated from the schema in three
//! shapes (every field; only required fields; odd but valid values: `null` where `x-nullable`,
//! empty strings and lists, the last enum value, unknown extra fields) and must decode through the
//! same code the client uses. Every request body the client sends must validate against the
//! spec's schema for that request. The generator checks its own output against the schema too,
//! so a decode test cannot pass on an instance the spec would reject.

use serde_json::{json, Map, Value};
use sso_desk_core::edits::json_diff::merge3;
use sso_desk_core::jumpcloud::{
    create_body, decode_v1_page, decode_v2_page, sample_association_bodies, Application,
    GraphConnection, GraphObjectWithPaths, Organization, Template, User, UserGroup,
};
use std::path::PathBuf;

fn spec(name: &str) -> Value {
    // Beside the repository: the first folder above the crate holding `shared/jumpcloud-api` (the
    // repository's parent, or further up for a worktree).
    let crate_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let root = crate_dir
        .ancestors()
        .find(|dir| dir.join("shared/jumpcloud-api").is_dir())
        .unwrap_or(&crate_dir);
    let path = root.join("shared/jumpcloud-api").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "the published spec {} must be readable: {e}",
            path.display()
        )
    });
    serde_json::from_str(&text).expect("the spec is JSON")
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Shape {
    Full,
    Minimal,
    Odd,
}

struct Generator<'a> {
    defs: &'a Map<String, Value>,
}

impl Generator<'_> {
    fn resolve<'s>(&'s self, schema: &'s Value) -> &'s Value {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(r) => {
                let name = r.trim_start_matches("#/definitions/");
                self.defs
                    .get(name)
                    .unwrap_or_else(|| panic!("unknown $ref {r}"))
            }
            None => schema,
        }
    }

    fn gen(&self, schema: &Value, shape: Shape, depth: usize, name: &str) -> Value {
        let schema = self.resolve(schema);
        if shape == Shape::Odd && schema.get("x-nullable").and_then(Value::as_bool) == Some(true) {
            return Value::Null;
        }
        if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
            let mut merged = Map::new();
            for part in all {
                if let Value::Object(m) = self.gen(part, shape, depth, name) {
                    merged.extend(m);
                }
            }
            if let Value::Object(m) = self.object(schema, shape, depth) {
                merged.extend(m);
            }
            return Value::Object(merged);
        }
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            let pick = if shape == Shape::Odd {
                values.last()
            } else {
                values.first()
            };
            return pick.cloned().unwrap_or(Value::Null);
        }
        let ty = schema.get("type").and_then(Value::as_str).unwrap_or(
            if schema.get("properties").is_some() {
                "object"
            } else {
                "any"
            },
        );
        match ty {
            "object" => self.object(schema, shape, depth),
            "array" => {
                let min = schema.get("minItems").and_then(Value::as_u64).unwrap_or(0) as usize;
                let count = if shape == Shape::Full && depth <= 6 {
                    min.max(1)
                } else {
                    min
                };
                let items = schema.get("items").cloned().unwrap_or(json!({}));
                Value::Array(
                    (0..count)
                        .map(|_| self.gen(&items, shape, depth + 1, name))
                        .collect(),
                )
            }
            "string" => {
                let min = schema.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
                match (shape, schema.get("format").and_then(Value::as_str)) {
                    (_, Some("date-time")) => json!("2024-02-29T23:59:59Z"),
                    (Shape::Odd, _) => json!("x".repeat(min)),
                    _ => json!(format!("sample {name}")),
                }
            }
            "integer" => json!(schema
                .get("minimum")
                .and_then(Value::as_i64)
                .unwrap_or(if shape == Shape::Odd { 0 } else { 7 })),
            "number" => json!(if shape == Shape::Odd { 0.0 } else { 1.5 }),
            "boolean" => json!(shape != Shape::Odd),
            _ => json!({"anything": [1, "two", null]}),
        }
    }

    fn object(&self, schema: &Value, shape: Shape, depth: usize) -> Value {
        let mut out = Map::new();
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if let Some(props) = schema.get("properties").and_then(Value::as_object) {
            for (key, sub) in props {
                let wanted = match shape {
                    Shape::Minimal => required.contains(&key.as_str()),
                    _ => depth <= 6 || required.contains(&key.as_str()),
                };
                if wanted {
                    out.insert(key.clone(), self.gen(sub, shape, depth + 1, key));
                }
            }
        }
        if shape == Shape::Odd && schema.get("additionalProperties") != Some(&json!(false)) {
            out.insert(
                "fieldFromTheFuture".into(),
                json!({"nested": [1, {"deep": null}]}),
            );
        }
        Value::Object(out)
    }
}

/// The spec's definitions as a JSON Schema (draft 4) document: Swagger's `x-nullable` becomes a
/// `null` type alternative, so what JumpCloud documents as nullable validates.
fn json_schema(spec: &Value, definition: &str) -> Value {
    fn nullable(v: &mut Value) {
        match v {
            Value::Object(m) => {
                if m.get("x-nullable") == Some(&json!(true)) {
                    if let Some(Value::String(t)) = m.get("type").cloned() {
                        m.insert("type".into(), json!([t, "null"]));
                    }
                }
                m.values_mut().for_each(nullable);
            }
            Value::Array(a) => a.iter_mut().for_each(nullable),
            _ => {}
        }
    }
    let mut defs = spec["definitions"].clone();
    nullable(&mut defs);
    json!({"$ref": format!("#/definitions/{definition}"), "definitions": defs})
}

fn assert_valid(spec: &Value, definition: &str, instance: &Value, why: &str) {
    let validator = jsonschema::draft4::new(&json_schema(spec, definition))
        .unwrap_or_else(|e| panic!("the schema of {definition} must compile: {e}"));
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .take(5)
        .collect();
    assert!(
        errors.is_empty(),
        "{why}: {definition} rejects the instance: {errors:#?}"
    );
}

fn instances(spec: &Value, definition: &str) -> Vec<(Shape, Value)> {
    let defs = spec["definitions"].as_object().expect("definitions");
    let g = Generator { defs };
    [Shape::Full, Shape::Minimal, Shape::Odd]
        .into_iter()
        .map(|shape| {
            let v = g.gen(
                &json!({"$ref": format!("#/definitions/{definition}")}),
                shape,
                0,
                definition,
            );
            assert_valid(
                spec,
                definition,
                &v,
                &format!("the generator's {shape:?} instance"),
            );
            (shape, v)
        })
        .collect()
}

fn bytes(v: &Value) -> Vec<u8> {
    serde_json::to_vec(v).expect("serialises")
}

#[test]
fn v1_definitions_the_client_reads_decode() {
    let v1 = spec("v1.json");
    for (shape, t) in instances(&v1, "applicationtemplate") {
        let decoded: Template = serde_json::from_value(t.clone())
            .unwrap_or_else(|e| panic!("applicationtemplate {shape:?} must decode: {e}"));
        if shape == Shape::Full {
            assert_eq!(
                decoded.id,
                t["_id"].as_str().unwrap_or_default(),
                "the id is read from _id"
            );
            assert!(
                !decoded.jit.attributes.is_empty()
                    || t["jit"]["attributes"]
                        .as_object()
                        .is_some_and(|m| m.is_empty())
            );
        }
    }
    for (shape, a) in instances(&v1, "application") {
        let app: Application = serde_json::from_value(a.clone())
            .unwrap_or_else(|e| panic!("application {shape:?} must decode: {e}"));
        assert_eq!(
            app.to_value(),
            a,
            "application {shape:?} is kept exactly as sent"
        );
    }
    for (shape, u) in instances(&v1, "systemuserreturn") {
        let user: User = serde_json::from_value(u.clone())
            .unwrap_or_else(|e| panic!("systemuserreturn {shape:?} must decode: {e}"));
        if shape == Shape::Full {
            assert_eq!(
                user.property("jobTitle"),
                u["jobTitle"].as_str(),
                "jobTitle is read"
            );
            assert_eq!(user.attributes.len(), 1, "custom attributes are read");
        }
    }
    for (shape, o) in instances(&v1, "organization") {
        serde_json::from_value::<Organization>(o)
            .unwrap_or_else(|e| panic!("organization {shape:?} must decode: {e}"));
    }
}

#[test]
fn v1_list_wrappers_decode_through_the_client_pager() {
    let v1 = spec("v1.json");
    for (shape, page) in instances(&v1, "applicationtemplateslist") {
        decode_v1_page::<Template>(&bytes(&page))
            .unwrap_or_else(|e| panic!("applicationtemplateslist {shape:?}: {e}"));
    }
    for (shape, page) in instances(&v1, "applicationslist") {
        let (apps, total) = decode_v1_page::<Application>(&bytes(&page))
            .unwrap_or_else(|e| panic!("applicationslist {shape:?}: {e}"));
        assert_eq!(apps.len(), page["results"].as_array().map_or(0, Vec::len));
        assert_eq!(total, page["totalCount"].as_u64());
    }
    for (shape, page) in instances(&v1, "systemuserslist") {
        decode_v1_page::<User>(&bytes(&page))
            .unwrap_or_else(|e| panic!("systemuserslist {shape:?}: {e}"));
    }
    for (shape, page) in instances(&v1, "organizationslist") {
        decode_v1_page::<Organization>(&bytes(&page))
            .unwrap_or_else(|e| panic!("organizationslist {shape:?}: {e}"));
    }
}

#[test]
fn v2_definitions_and_bare_array_lists_decode() {
    let v2 = spec("v2.json");
    for (shape, g) in instances(&v2, "UserGroup") {
        let group: UserGroup = serde_json::from_value(g.clone())
            .unwrap_or_else(|e| panic!("UserGroup {shape:?}: {e}"));
        assert_eq!(group.id, g["id"].as_str().unwrap_or_default());
        decode_v2_page::<UserGroup>(&bytes(&json!([g, {}]))).expect("a page of groups decodes");
    }
    for (shape, c) in instances(&v2, "GraphConnection") {
        let edge: GraphConnection = serde_json::from_value(c.clone())
            .unwrap_or_else(|e| panic!("GraphConnection {shape:?}: {e}"));
        assert_eq!(edge.to.id, c["to"]["id"].as_str().unwrap_or_default());
        decode_v2_page::<GraphConnection>(&bytes(&json!([c]))).expect("a page of edges decodes");
    }
    for (shape, p) in instances(&v2, "GraphObjectWithPaths") {
        let found: GraphObjectWithPaths = serde_json::from_value(p.clone())
            .unwrap_or_else(|e| panic!("GraphObjectWithPaths {shape:?}: {e}"));
        assert_eq!(found.paths.len(), p["paths"].as_array().map_or(0, Vec::len));
        decode_v2_page::<GraphObjectWithPaths>(&bytes(&json!([p]))).expect("a page decodes");
    }
}

#[test]
fn a_shape_the_spec_forbids_fails_with_its_path() {
    let page = json!({"results": [{"_id": "u1"}, {"_id": "u2", "email": {"not": "a string"}}], "totalCount": 2});
    let err = decode_v1_page::<User>(&bytes(&page)).expect_err("an object is not an email");
    assert_eq!(err.code(), "decode");
    assert!(
        err.to_string().contains("results[1].email"),
        "the path is named: {err}"
    );
}

#[test]
fn request_bodies_validate_against_the_spec() {
    let v1 = spec("v1.json");
    let v2 = spec("v2.json");
    let defs = v1["definitions"].as_object().expect("definitions");
    let g = Generator { defs };

    // Create: from a template as the catalogue offers it, and from a full application.
    for shape in [Shape::Full, Shape::Minimal, Shape::Odd] {
        let t = g.gen(
            &json!({"$ref": "#/definitions/applicationtemplate"}),
            shape,
            0,
            "t",
        );
        let mut t: Template = serde_json::from_value(t).expect("template decodes");
        t.name = "slack".into();
        let app = Application::new_from_template(&t, "Slack (engineering)");
        assert_valid(
            &v1,
            "application",
            &create_body(&app),
            &format!("create body from a {shape:?} template"),
        );
    }
    let full = g.gen(
        &json!({"$ref": "#/definitions/application"}),
        Shape::Full,
        0,
        "a",
    );
    let full: Application = serde_json::from_value(full).expect("decodes");
    let body = create_body(&full);
    assert!(body.get("_id").is_none(), "a create does not send an id");
    assert_valid(
        &v1,
        "application",
        &body,
        "create body of a complete application",
    );

    // Update: the complete merged object the PUT sends.
    for shape in [Shape::Full, Shape::Odd] {
        let base = g.gen(&json!({"$ref": "#/definitions/application"}), shape, 0, "a");
        let base: Application = serde_json::from_value(base).expect("decodes");
        let mut edited = base.clone();
        edited.set_display_label("Renamed");
        edited.set_description("Edited in SSO Desk");
        let merged =
            merge3(&base.to_value(), &edited.to_value(), &base.to_value()).expect("no conflict");
        assert_valid(
            &v1,
            "application",
            &merged,
            &format!("update body of a {shape:?} application"),
        );
    }

    // Association changes.
    for body in sample_association_bodies() {
        assert_valid(&v2, "GraphOperation-Application", &body, "association body");
    }
}
