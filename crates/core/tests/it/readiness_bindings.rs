//! Every readiness type the UI receives must export to TypeScript the way the app generates its
//! bindings (specta, serde-aware, unified shapes), so a type that cannot fails here first.

use specta::Types;
use specta_typescript::Typescript;
use sso_desk_core::readiness::{
    ApplicationReadiness, ApplicationReadinessSummary, AssertionPreview, ReadinessLoadProgress,
};

#[test]
fn readiness_types_export_to_typescript() {
    let types = Types::default()
        .register::<ApplicationReadiness>()
        .register::<ApplicationReadinessSummary>()
        .register::<AssertionPreview>()
        .register::<ReadinessLoadProgress>();
    let ts = Typescript::default()
        .export(&types, specta_serde::Format)
        .unwrap_or_else(|e| panic!("readiness types must export to TypeScript: {e}"));
    for name in [
        "ApplicationReadiness",
        "UserNotReady",
        "RequiredAttribute",
        "ValueSource",
        "AssertionPreview",
        "AttributeStatement",
        "ReadinessLoadStage",
    ] {
        assert!(ts.contains(name), "{name} is in the bindings");
    }
    assert!(
        ts.contains("usersNotReady") && ts.contains("jitRequired"),
        "fields use the UI's camelCase names"
    );
}
