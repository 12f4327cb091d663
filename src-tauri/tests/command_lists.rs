//! The command list is declared once (the `#[command]` functions in `src/commands/`);
//! `build.rs` derives the manifest and the specta registration from it. These tests hold the
//! lists that cannot be generated against it: the window's capability file and the UI's door.

use std::collections::BTreeSet;

use sso_desk_lib::COMMAND_NAMES;

fn commands() -> BTreeSet<String> {
    let names: BTreeSet<String> = COMMAND_NAMES.iter().map(|n| (*n).to_owned()).collect();
    assert_eq!(
        names.len(),
        COMMAND_NAMES.len(),
        "no command is declared twice"
    );
    assert!(names.len() >= 30, "build.rs found the commands: {names:?}");
    names
}

fn read(path: &str) -> String {
    let full = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

#[test]
fn the_specta_builder_registers_every_command() {
    let file = tempfile::NamedTempFile::new().expect("a temp file");
    sso_desk_lib::export_bindings(file.path()).expect("bindings export");
    let text = std::fs::read_to_string(file.path()).expect("read back");
    // `__TAURI_INVOKE("name"` or, for a command that cannot fail, `__TAURI_INVOKE<T>("name"`.
    let registered: BTreeSet<String> = text
        .split("__TAURI_INVOKE")
        .skip(1)
        .filter_map(|rest| {
            let call = rest.strip_prefix('(').or_else(|| {
                let (_, after) = rest.strip_prefix('<')?.split_once(">(")?;
                Some(after)
            })?;
            call.strip_prefix('"')?.split('"').next()
        })
        .map(str::to_owned)
        .collect();
    assert_eq!(
        registered,
        commands(),
        "lib.rs registers exactly the declared commands"
    );
}

/// The committed bindings are what the Rust commands produce: a command or a type whose signature
/// changed without `make bindings` fails here (inside `cargo test`, so the check needs no build
/// of its own).
#[test]
fn the_committed_bindings_are_current() {
    let file = tempfile::NamedTempFile::new().expect("a temp file");
    sso_desk_lib::export_bindings(file.path()).expect("bindings export");
    let fresh = std::fs::read_to_string(file.path()).expect("read back");
    let committed = read("../ui/src/lib/bindings.ts");
    assert!(
        fresh == committed,
        "ui/src/lib/bindings.ts is stale: run `make bindings` and commit the result"
    );
}

#[test]
fn the_capability_allows_exactly_the_commands() {
    let capability: serde_json::Value =
        serde_json::from_str(&read("capabilities/main.json")).expect("capability JSON");
    let allowed: BTreeSet<String> = capability["permissions"]
        .as_array()
        .expect("a permissions list")
        .iter()
        .filter_map(|p| p.as_str())
        .filter_map(|p| p.strip_prefix("allow-"))
        .map(|p| p.replace('-', "_"))
        .collect();
    let declared = commands();
    let missing: Vec<_> = declared.difference(&allowed).collect();
    let stale: Vec<_> = allowed.difference(&declared).collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "capabilities/main.json must allow every command and nothing else: \
         missing {missing:?}, no such command {stale:?}"
    );
}

#[test]
fn the_ui_backend_door_calls_every_command() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/backend");
    let mut door = String::new();
    for entry in std::fs::read_dir(&dir).expect("ui/src/lib/backend") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|x| x == "ts") {
            door.push_str(&std::fs::read_to_string(&path).expect("readable"));
        }
    }
    let unused: Vec<String> = commands()
        .into_iter()
        .filter(|name| {
            let camel: String = name
                .split('_')
                .enumerate()
                .map(|(i, w)| {
                    if i == 0 {
                        w.to_owned()
                    } else {
                        w[..1].to_uppercase() + &w[1..]
                    }
                })
                .collect();
            !door.contains(&format!("commands.{camel}("))
        })
        .collect();
    assert!(
        unused.is_empty(),
        "every command is reachable from ui/src/lib/backend (the UI's one door): {unused:?}"
    );
}

/// The webview's security settings, as the review asked for them: nothing inline, no eval, no
/// unused scheme, no global Tauri object.
#[test]
fn the_content_security_policy_stays_strict() {
    let conf: serde_json::Value =
        serde_json::from_str(&read("tauri.conf.json")).expect("tauri.conf.json");
    let csp = &conf["app"]["security"]["csp"];
    assert_eq!(csp["default-src"], "'self'");
    let all: String = csp
        .as_object()
        .expect("a directive map")
        .values()
        .filter_map(|v| v.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    for banned in ["'unsafe-inline'", "'unsafe-eval'", "asset:", "*"] {
        assert!(!all.contains(banned), "the CSP allows {banned}: {all}");
    }
    assert_eq!(conf["app"]["withGlobalTauri"], false);
    // Images: the app's own, data: URLs, and connector logos through the app's `logo://`
    // protocol (`http://logo.localhost` where the webview maps custom schemes to http), which
    // fetches them by its own rules; never a remote origin.
    for csp in [csp, &conf["app"]["security"]["devCsp"]] {
        assert_eq!(
            csp["img-src"], "'self' data: logo: http://logo.localhost",
            "img-src allows the app's logo protocol and nothing else"
        );
    }
}
