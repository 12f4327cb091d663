// Registering the app's commands in the manifest turns each into an explicit `allow-*` permission,
// so a window can call only what its capability file lists.
const COMMANDS: &[&str] = &[
    "app_status",
    "load_catalog",
    "search_catalog",
    "template_details",
    "edit_new_application_rows",
    "check_new_application",
    "create_application",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build script failed");
}
