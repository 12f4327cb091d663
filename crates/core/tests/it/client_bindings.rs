//! Every type the client hands to the UI must export to TypeScript the way the app generates its
//! bindings (specta, serde-aware, unified shapes). A type that cannot (a 64-bit integer, a serde
//! attribute specta cannot unify) would break the app's bindings step, so it fails here first.

use specta::Types;
use specta_typescript::Typescript;
use sso_desk_core::edits::json_diff::{FieldChange, FieldConflict, PathSegment};
use sso_desk_core::jumpcloud::{
    Access, ApiMessage, Application, ApplicationSummary, Binding, Endpoint, GraphConnection,
    GraphObjectWithPaths, Identity, OrgSync, Organization, Progress, Region, SyncProgress,
    Template, User, UserGroup,
};

#[test]
fn client_types_export_to_typescript() {
    let types = Types::default()
        .register::<FieldChange>()
        .register::<FieldConflict>()
        .register::<PathSegment>()
        .register::<Template>()
        .register::<Application>()
        .register::<ApplicationSummary>()
        .register::<User>()
        .register::<UserGroup>()
        .register::<Organization>()
        .register::<Access>()
        .register::<GraphConnection>()
        .register::<GraphObjectWithPaths>()
        .register::<Progress>()
        .register::<SyncProgress>()
        .register::<OrgSync>()
        .register::<Binding>()
        .register::<Identity>()
        .register::<ApiMessage>()
        .register::<Region>()
        .register::<Endpoint>();
    let ts = Typescript::default()
        .export(&types, specta_serde::Format)
        .unwrap_or_else(|e| panic!("the client's UI types must export to TypeScript: {e}"));
    for name in [
        "Template",
        "Application",
        "FieldConflict",
        "Progress",
        "OrgSync",
        "User",
    ] {
        assert!(ts.contains(name), "{name} is in the bindings");
    }
    assert!(
        ts.contains("displayLabel"),
        "fields use the UI's camelCase names"
    );
}
