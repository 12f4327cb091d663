//! Creating an application end to end in core, against the sandbox over real HTTP on loopback:
//! the catalog is downloaded, cached and found again; a workflow's create happens once however
//! often it is sent, and the stored application carries its JIT-required rows.

use std::sync::Arc;

use sso_desk_core::catalog::{CatalogFilter, CatalogSource, Catalogs};
use sso_desk_core::jumpcloud::{no_progress, Error};
use sso_desk_core::new_application::{build, check, Creations, NewApplication, TemplateDetails};
use sso_desk_core::profile::{ConnectionId, Profile};
use sso_desk_sandbox::sample::ZOOM_TEMPLATE_ID;

use crate::common::sandbox;

#[tokio::test]
async fn the_catalog_is_downloaded_once_then_read_from_the_cache() {
    let cache = tempfile::tempdir().expect("temp dir");
    let sandbox = sandbox().await;
    let client = sandbox.client();
    let profile = Profile::in_dir(cache.path());
    let id = ConnectionId::new("sandbox").expect("a plain id");

    let first = Catalogs::default().of(&id, profile.connection(&id));
    let pages = std::sync::Mutex::new(Vec::new());
    let on_progress = |p: sso_desk_core::jumpcloud::Progress| {
        pages.lock().expect("not poisoned").push(p.pages_done);
    };
    let (index, source) = first
        .ensure(&client, &on_progress)
        .await
        .expect("the catalog downloads");
    assert_eq!(source, CatalogSource::Download, "nothing was cached yet");
    assert_eq!(index.len(), 1_000, "every sample template is indexed");
    assert!(
        !pages.lock().expect("not poisoned").is_empty(),
        "the download reports its pages"
    );
    let hits = index.search("zoo", &CatalogFilter::default(), 10);
    assert!(
        hits.iter()
            .take(3)
            .any(|h| h.entry.name == "zoom" && h.entry.supports_jit),
        "typing zoo finds Zoom, with JIT, in the top three"
    );
    let (_, again) = first
        .ensure(&client, &no_progress)
        .await
        .expect("in memory");
    assert_eq!(again, CatalogSource::Memory);

    // A new run of the app: the cache answers, then one background refresh replaces it.
    let second = Catalogs::default().of(&id, profile.connection(&id));
    let (cached, source) = second
        .ensure(&client, &no_progress)
        .await
        .expect("the cache loads");
    assert_eq!(source, CatalogSource::Cache, "the saved catalog is used");
    assert_eq!(cached.len(), index.len());
    let refreshed = second.refresh_once(&client).await.expect("refreshes");
    assert!(refreshed.is_some(), "the first refresh downloads");
    assert!(
        second.refresh_once(&client).await.expect("no-op").is_none(),
        "one refresh per run"
    );
    sandbox.stop().await;
}

#[tokio::test]
async fn a_workflow_creates_once_with_its_jit_rows() {
    let sandbox = sandbox().await;
    let client = sandbox.client();
    let template = client
        .get_template(ZOOM_TEMPLATE_ID)
        .await
        .expect("Zoom's template");
    let details = TemplateDetails::new(&template).expect("details");
    let form = NewApplication {
        template_id: details.template_id.clone(),
        display_label: "Zoom (create test)".into(),
        description: "made by a test".into(),
        config: details
            .fields
            .iter()
            .map(|f| (f.key.clone(), f.value.clone()))
            .collect(),
        rows: details.rows.clone(),
    };
    let labels: Vec<String> = client
        .list_applications(&no_progress)
        .await
        .expect("applications")
        .iter()
        .filter_map(|a| a.display_label().map(str::to_owned))
        .collect();
    let before = labels.len();
    assert!(
        !check(&template, &form, &labels).blocks_create(),
        "the template's own values are a valid form"
    );
    let app = build(&template, &form);
    let creations = Arc::new(Creations::new());
    let send = || {
        let (creations, client, app) = (Arc::clone(&creations), client.clone(), app.clone());
        async move {
            creations
                .create_once("workflow-1", || async {
                    client.create_application(&app).await
                })
                .await
        }
    };
    // A double click: two creates for one workflow at the same time.
    let (a, b): (Result<_, Error>, Result<_, Error>) = tokio::join!(send(), send());
    let (a, b) = (a.expect("created"), b.expect("same"));
    assert_eq!(a.id(), b.id(), "both clicks get the same application");
    let after = client
        .list_applications(&no_progress)
        .await
        .expect("applications");
    assert_eq!(
        after.len(),
        before + 1,
        "exactly one application was created"
    );

    let stored = client
        .get_application(a.id().expect("an id"))
        .await
        .expect("the new application");
    let names: Vec<String> = stored
        .config()
        .and_then(|c| c.get("databaseAttributes"))
        .and_then(|d| d.get("value"))
        .and_then(|v| v.as_array())
        .map(|rows| {
            rows.iter()
                .filter_map(|r| r["name"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    for required in &details.requirements {
        assert!(
            names.contains(&required.sp_name),
            "the stored application carries JIT-required {}: {names:?}",
            required.sp_name
        );
    }
    assert!(
        check(
            &template,
            &form,
            &after
                .iter()
                .filter_map(|a| a.display_label().map(str::to_owned))
                .collect::<Vec<_>>()
        )
        .general
        .iter()
        .any(|i| i.field == "displayLabel"),
        "the same label is now taken"
    );
    sandbox.stop().await;
}
