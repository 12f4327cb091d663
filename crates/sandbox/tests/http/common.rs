//! Shared test plumbing: a sandbox on a loopback port with a real HTTP client, and validation of
//! response bodies against JumpCloud's published specs.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sso_desk_sandbox::{Sandbox, SandboxOptions};

pub struct Env {
    pub sandbox: Sandbox,
    pub client: reqwest::Client,
    pub dir: tempfile::TempDir,
}

pub async fn start() -> Env {
    let dir = tempfile::tempdir().expect("temp dir");
    start_in(dir).await
}

pub async fn start_in(dir: tempfile::TempDir) -> Env {
    let sandbox = sso_desk_sandbox::start(SandboxOptions::new(dir.path()))
        .await
        .expect("sandbox starts");
    Env {
        sandbox,
        client: crate::common::http_client(),
        dir,
    }
}

impl Env {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.sandbox.url(), path)
    }

    pub async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = self
            .client
            .request(method, self.url(path))
            .header("x-api-key", self.sandbox.api_key());
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.expect("request reaches the sandbox");
        let status = res.status();
        let bytes = res.bytes().await.expect("body arrives");
        let v = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).expect("JSON body")
        };
        (status, v)
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        self.send(Method::GET, path, None).await
    }

    /// GET that must succeed.
    pub async fn ok(&self, path: &str) -> Value {
        let (status, v) = self.get(path).await;
        assert_eq!(status, StatusCode::OK, "GET {path} should succeed: {v}");
        v
    }
}

/// `{"code", "message", "status"}` with the given code.
pub fn assert_error(v: &Value, code: u16) {
    assert_eq!(v["code"], json!(code), "error body carries the code: {v}");
    assert!(
        v["message"].is_string(),
        "error body carries a message: {v}"
    );
    assert!(
        v["status"].is_string(),
        "error body carries a status text: {v}"
    );
}

pub fn ids(v: &Value) -> Vec<String> {
    let items = v.get("results").unwrap_or(v);
    items
        .as_array()
        .expect("a list")
        .iter()
        .map(|d| {
            d.get("_id")
                .or_else(|| d.get("id"))
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        })
        .collect()
}

pub fn spec(name: &str) -> Value {
    // The specs live beside the repository, never inside it: in the first folder above the crate
    // that holds `shared/jumpcloud-api` (the repository's parent, or further up for a worktree).
    let crate_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let root = crate_dir
        .ancestors()
        .find(|dir| dir.join("shared/jumpcloud-api").is_dir())
        .unwrap_or(&crate_dir);
    let path = root.join("shared/jumpcloud-api").join(name);
    let text =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    serde_json::from_str(&text).expect("spec is JSON")
}

pub enum Api {
    V1,
    V2,
}

type Validators = Mutex<HashMap<String, Arc<jsonschema::Validator>>>;

/// Asserts `instance` validates against `#/definitions/<definition>` of the v1 or v2 spec.
pub fn validate(api: Api, definition: &str, instance: &Value) {
    static SPECS: OnceLock<(Value, Value)> = OnceLock::new();
    static CACHE: OnceLock<Validators> = OnceLock::new();
    let (v1, v2) = SPECS.get_or_init(|| (spec("v1.json"), spec("v2.json")));
    let (spec, tag) = match api {
        Api::V1 => (v1, "v1"),
        Api::V2 => (v2, "v2"),
    };
    let key = format!("{tag}:{definition}");
    let cache = CACHE.get_or_init(Default::default);
    let validator = {
        let mut map = cache.lock().expect("cache lock");
        map.entry(key.clone())
            .or_insert_with(|| {
                let mut definitions = spec["definitions"].clone();
                allow_null_where_the_wire_shows_it(&mut definitions);
                let schema = json!({"$ref": format!("#/definitions/{definition}"), "definitions": definitions});
                Arc::new(jsonschema::draft4::new(&schema).expect("spec definition compiles"))
            })
            .clone()
    };
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .take(5)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "response must match {key} of JumpCloud's spec: {errors:?}"
    );
}

/// Where real objects carry `null` but the spec types a string, the spec is amended, nothing else:
/// `color` (null on a real application: JupiterOne's recorded HAR, see wire-evidence.md), and a
/// config entry's `toggle` and `options` (null in the v1 PUT example and in jcapi-python #48).
fn allow_null_where_the_wire_shows_it(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            if let Some(Value::Object(props)) = map.get_mut("properties") {
                for key in ["color", "toggle", "options"] {
                    if let Some(Value::Object(p)) = props.get_mut(key) {
                        if p.get("type") == Some(&json!("string")) {
                            p.insert("type".into(), json!(["string", "null"]));
                            if let Some(Value::Array(values)) = p.get_mut("enum") {
                                values.push(Value::Null);
                            }
                        }
                    }
                }
            }
            for v in map.values_mut() {
                allow_null_where_the_wire_shows_it(v);
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(allow_null_where_the_wire_shows_it),
        _ => {}
    }
}

/// reqwest is built without a TLS provider (see the workspace manifest): make ring the process's.
pub fn install_tls() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// A plain client for talking to the sandbox.
pub fn http_client() -> reqwest::Client {
    install_tls();
    reqwest::Client::new()
}
