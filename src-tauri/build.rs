// Every command is declared once, in `src/commands/<area>.rs`, as a `#[command]` function (the
// `sso-desk-command` crate's attribute).
// This script reads those files and derives the two lists Tauri needs from them, so they cannot
// drift: the app manifest (each command becomes an explicit `allow-*` permission, so a window can
// call only what its capability file lists) and `$OUT_DIR/commands.rs`, the `collect_commands!`
// call that registers every command with the specta builder in `lib.rs`. The capability file and
// the UI's backend door are checked against the same list by the `command_lists` test.

use std::fs;
use std::path::Path;

/// `(area, name)` of every `#[command]` in `src/commands/*.rs`, in file then source order.
fn commands() -> Vec<(String, String)> {
    let dir = Path::new("src/commands");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = fs::read_dir(dir)
        .expect("src/commands is readable")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .collect();
    files.sort();
    let mut found = Vec::new();
    for file in files {
        println!("cargo:rerun-if-changed={}", file.display());
        let area = file
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("a UTF-8 file name")
            .to_owned();
        let text = fs::read_to_string(&file).expect("a readable command file");
        let mut marked = false;
        for line in text.lines().map(str::trim) {
            if line == "#[command]" {
                marked = true;
                continue;
            }
            if !marked {
                continue;
            }
            let rest = line
                .strip_prefix("pub async fn ")
                .or_else(|| line.strip_prefix("pub fn "));
            if let Some(rest) = rest {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                found.push((area.clone(), name));
                marked = false;
            }
        }
    }
    found
}

fn main() {
    let commands = commands();
    let names: Vec<String> = commands.iter().map(|(_, n)| n.clone()).collect();
    let paths: Vec<String> = commands
        .iter()
        .map(|(area, name)| format!("crate::commands::{area}::{name}"))
        .collect();
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    fs::write(
        Path::new(&out).join("commands.rs"),
        format!("tauri_specta::collect_commands![{}]", paths.join(", ")),
    )
    .expect("OUT_DIR is writable");
    fs::write(
        Path::new(&out).join("command_names.rs"),
        format!(
            "&[{}]",
            names
                .iter()
                .map(|n| format!("{n:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    )
    .expect("OUT_DIR is writable");
    // The manifest wants names that live for the whole build script.
    let names: &'static [&'static str] = Box::leak(
        names
            .into_iter()
            .map(|n| &*Box::leak(n.into_boxed_str()))
            .collect::<Vec<_>>()
            .into_boxed_slice(),
    );
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(names)),
    )
    .expect("tauri build script failed");
}
