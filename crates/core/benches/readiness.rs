//! Readiness over large organisations, compute only (snapshots are built outside the timed loop).
//!
//! 1. 50,000 users bound to one application through one user group, five JIT attributes (one a
//!    custom attribute), every tenth user missing a value.
//! 2. The organisation-wide overview of the sandbox's large sample organisation (2,000
//!    applications, 500 user groups, 50,000 users), loaded once over loopback HTTP through the
//!    client before timing; and the readiness of its application with the most users.

use criterion::{criterion_group, criterion_main, Criterion};
use serde_json::{json, Value};
use sso_desk_core::jumpcloud::{Client, ConnectionOptions, Credentials, Endpoint};
use sso_desk_core::readiness::{
    application_readiness, org_readiness, ApplicationInput, OrgSnapshot, OrgSnapshotBuilder,
};
use sso_desk_core::secret::Secret;
use sso_desk_sandbox::{start, SandboxOptions, Size, SAMPLE_ORG_ID};
use std::hint::black_box;
use std::time::Instant;

const USERS: usize = 50_000;

fn add_users(b: &mut OrgSnapshotBuilder) {
    for i in 0..USERS {
        let mut user = json!({
            "_id": format!("u{i:06}"), "username": format!("user{i}"),
            "email": format!("user{i}@example.com"), "firstname": "First",
            "lastname": if i % 10 == 3 { "" } else { "Last" },
            "department": "Engineering", "jobTitle": "Engineer", "activated": true,
            "attributes": [{"name": "costCenter", "value": format!("CC{}", i % 97)}],
        });
        if i % 25 == 0 {
            user["attributes"] = json!([]);
        }
        b.systemuser(&user).expect("bench user has an id");
    }
}

fn application(id: &str) -> Value {
    json!({"_id": id, "name": "bench-template", "config": {
        "databaseAttributes": {"value": [
            {"name": "email", "value": "email"},
            {"name": "givenName", "value": "firstname"},
            {"name": "sn", "value": "lastname"},
            {"name": "dept", "value": "department"},
            {"name": "costCenter", "value": "attributes.costCenter"},
            {"name": "title", "value": "jobTitle"}
        ]},
        "constantAttributes": {"value": [{"name": "tenant", "value": "acme"}]}
    }})
}

fn template() -> Value {
    json!({"name": "bench-template", "sso": {"jit": true}, "jit": {"attributes": {
        "email": "email", "givenName": "firstname", "sn": "lastname", "dept": "department",
        "costCenter": ""
    }}})
}

fn one_application(c: &mut Criterion) {
    let mut b = OrgSnapshot::builder();
    add_users(&mut b);
    let members: Vec<String> = (0..USERS).map(|i| format!("u{i:06}")).collect();
    b.user_group("everyone", members, vec![]);
    b.template_json(&template());
    b.application(ApplicationInput {
        json: application("app"),
        user_groups: vec!["everyone".into()],
        users: vec![],
    });
    let snapshot = b.build();
    let report = application_readiness(&snapshot, "app").expect("app exists");
    println!(
        "one application: {} users, {} ready, {} not ready",
        report.users, report.ready, report.not_ready
    );
    let mut group = c.benchmark_group("readiness");
    group.sample_size(20);
    group.bench_function("one application, 50k users, 5 JIT attributes", |bench| {
        bench.iter(|| application_readiness(black_box(&snapshot), "app"))
    });
    group.finish();
}

/// Loads the large sample organisation from a sandbox over loopback HTTP, once.
fn large_sandbox_org() -> OrgSnapshot {
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    runtime.block_on(async {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut options = SandboxOptions::new(dir.path());
        options.size = Size::Large;
        let started = Instant::now();
        let sandbox = start(options).await.expect("sandbox starts");
        println!(
            "large sandbox seeded and started in {:?}",
            started.elapsed()
        );
        let client = Client::new(
            &Endpoint::Custom(sandbox.url().to_owned()),
            Credentials::ApiKey {
                key: Secret::new(sandbox.api_key()),
                org_id: Some(SAMPLE_ORG_ID.into()),
            },
            ConnectionOptions::default(),
        )
        .expect("client");
        let started = Instant::now();
        let snapshot = OrgSnapshot::load(&client, &|_| {})
            .await
            .expect("the large org loads");
        println!(
            "loaded {} users, {} groups, {} applications over HTTP in {:?}",
            snapshot.user_count(),
            snapshot.group_count(),
            snapshot.application_count(),
            started.elapsed()
        );
        sandbox.stop().await;
        snapshot
    })
}

fn whole_org(c: &mut Criterion) {
    let snapshot = large_sandbox_org();
    let overview = org_readiness(&snapshot);
    let worst = overview
        .first()
        .expect("the large org has JIT applications");
    println!(
        "org: {} applications with JIT; worst {} ({} of {} not ready)",
        overview.len(),
        worst.application_name,
        worst.not_ready,
        worst.users
    );
    let largest = overview
        .iter()
        .max_by_key(|s| s.users)
        .map(|s| s.application_id.clone())
        .expect("some application");
    let mut group = c.benchmark_group("readiness");
    group.sample_size(10);
    group.bench_function("large sandbox org overview", |bench| {
        bench.iter(|| org_readiness(black_box(&snapshot)))
    });
    group.bench_function("large sandbox org, largest application", |bench| {
        bench.iter(|| application_readiness(black_box(&snapshot), &largest))
    });
    group.finish();
}

criterion_group!(benches, one_application, whole_org);
criterion_main!(benches);
