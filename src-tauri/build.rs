// Registering the app's commands in the manifest turns each into an explicit `allow-*` permission,
// so a window can call only what its capability file lists.
const COMMANDS: &[&str] = &[
    "app_status",
    "cached_applications",
    "refresh_applications",
    "application_overview",
    "list_user_groups",
    "group_applications",
    "bind_group_application",
    "unbind_group_application",
    "refresh_readiness",
    "last_org_readiness",
    "application_readiness",
    "export_readiness_csv",
    "preview_assertion",
    "search_users",
    "open_attribute_editor",
    "attribute_source_choices",
    "apply_attribute_edit",
    "undo_attribute_edit",
    "redo_attribute_edit",
    "review_attribute_changes",
    "save_attributes",
    "resolve_attribute_conflicts",
    "discard_attribute_draft",
    "load_catalog",
    "search_catalog",
    "template_details",
    "edit_new_application_rows",
    "check_new_application",
    "create_application",
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
