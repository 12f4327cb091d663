//! Readiness over large organisations, compute only (snapshots are built outside the timed loop).
//!
//! 1. 50,000 users bound to one application through one user group, five JIT attributes (one a
//!    custom attribute), every tenth user missing a value.
//! 2. The organisation-wide overview over a synthetic org of 50,000 users, 500 groups and 2,000
//!    applications.

use criterion::{criterion_group, criterion_main, Criterion};
use serde_json::{json, Value};
use sso_desk_core::readiness::{
    application_readiness, org_readiness, ApplicationInput, OrgSnapshot, OrgSnapshotBuilder,
};
use std::hint::black_box;

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

fn whole_org(c: &mut Criterion) {
    let mut b = OrgSnapshot::builder();
    add_users(&mut b);
    // 500 groups of 100 users each; every fifth group also nests the next one.
    for g in 0..500 {
        let members = (0..100).map(|k| format!("u{:06}", g * 100 + k)).collect();
        let nested = if g % 5 == 0 {
            vec![format!("g{}", g + 1)]
        } else {
            vec![]
        };
        b.user_group(format!("g{g}"), members, nested);
    }
    b.template_json(&template());
    for a in 0..2000 {
        b.application(ApplicationInput {
            json: application(&format!("a{a}")),
            user_groups: (0..3)
                .map(|k| format!("g{}", (a * 7 + k * 31) % 500))
                .collect(),
            users: vec![format!("u{:06}", a * 13 % USERS)],
        });
    }
    let snapshot = b.build();
    println!(
        "org: {} applications with JIT",
        org_readiness(&snapshot).len()
    );
    let mut group = c.benchmark_group("readiness");
    group.sample_size(10);
    group.bench_function(
        "org overview, 2000 applications, 500 groups, 50k users",
        |bench| bench.iter(|| org_readiness(black_box(&snapshot))),
    );
    group.finish();
}

criterion_group!(benches, one_application, whole_org);
criterion_main!(benches);
