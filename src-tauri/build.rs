// Registering the app's commands in the manifest turns each into an explicit `allow-*` permission,
// so a window can call only what its capability file lists.
const COMMANDS: &[&str] = &[
    "app_status",
    "list_connections",
    "test_connection",
    "list_organizations",
    "save_connection",
    "switch_connection",
    "remove_connection",
    "reset_sample_data",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build script failed");
}
