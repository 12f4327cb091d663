//! The core's integration tests, one binary: the public API against the sandbox over loopback,
//! the real keyring, files on disk. `common` (the test kit) starts sandboxes, clients and desks
//! for all of them.

mod common;

mod applications_sandbox;
mod attribute_editor;
mod attributes_conflicts;
mod attributes_drafts;
mod attributes_encoding;
mod attributes_roundtrip;
mod attributes_rules;
mod attributes_sandbox;
mod client_auth;
mod client_bindings;
mod client_faults;
mod client_sandbox;
mod client_spec;
mod credentials_keyring;
mod credentials_unavailable;
mod debugger_decode;
mod debugger_desk;
mod debugger_signatures;
mod desk_applications;
mod desk_connections;
mod desk_create;
mod desk_front;
mod desk_history;
mod desk_organisations;
mod desk_sandbox;
mod desk_sso;
mod desk_sso_certificate;
mod desk_sso_real;
mod desk_switch;
mod fault_campaign;
mod group_attribute;
mod new_application_sandbox;
mod profile_permissions;
mod proxy;
mod readiness_bindings;
mod readiness_compute;
mod readiness_sandbox;
mod settings_file;
mod snapshots_sandbox;
mod stored_copies;
