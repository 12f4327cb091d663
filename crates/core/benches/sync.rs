//! A full sync of a large organisation (2,000 applications, 500 user groups and their bindings)
//! from the sandbox with 25 ms added to every request: concurrent paging against sequential.
//!
//! Prints the request count and the floor each run cannot beat (requests / concurrency x latency),
//! so the measured time can be read against it. Sample sizes are small: one sequential sync is
//! several hundred requests.

use criterion::{criterion_group, criterion_main, Criterion};
use sso_desk_core::jumpcloud::{
    Client, ConnectionOptions, Credentials, Endpoint, OrgSync, SyncProgress, SyncStage,
};
use sso_desk_sandbox::{start, SandboxOptions, Size};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const LATENCY_MS: u64 = 25;

fn client(url: &str, key: &str, concurrency: usize) -> Client {
    let options = ConnectionOptions {
        page_concurrency: concurrency,
        ..ConnectionOptions::default()
    };
    Client::new(
        &Endpoint::Custom(url.to_owned()),
        Credentials::api_key(key.to_owned()),
        options,
    )
    .expect("client")
}

/// One sync, returning the snapshot and the number of requests it made (one progress report is
/// made per page or per group read).
async fn sync(jc: &Client) -> (OrgSync, u32) {
    let last: Mutex<HashMap<SyncStage, u32>> = Mutex::new(HashMap::new());
    let on_progress = |p: SyncProgress| {
        let mut last = last.lock().expect("lock");
        let entry = last.entry(p.stage).or_insert(0);
        *entry = (*entry).max(p.progress.pages_done);
    };
    let snapshot = jc.sync(&on_progress).await.expect("sync succeeds");
    let requests = last.into_inner().expect("lock").values().sum();
    (snapshot, requests)
}

fn bench_sync(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let dir = tempfile::tempdir().expect("temp dir");
    let seeded = Instant::now();
    let sandbox = runtime.block_on(async {
        let mut opts = SandboxOptions::new(dir.path());
        opts.size = Size::Large;
        opts.latency_ms = LATENCY_MS;
        start(opts).await.expect("large sandbox starts")
    });
    println!(
        "large sandbox ready in {:.1} s at {}",
        seeded.elapsed().as_secs_f64(),
        sandbox.url()
    );

    let mut group = c.benchmark_group("full_sync_large_org_25ms");
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(1));
    group.measurement_time(Duration::from_secs(5));
    for concurrency in [1usize, 4, 8] {
        let jc = client(sandbox.url(), sandbox.api_key(), concurrency);
        let (snapshot, requests) = runtime.block_on(sync(&jc));
        let floor = f64::from(requests) / concurrency as f64 * LATENCY_MS as f64 / 1000.0;
        println!(
            "concurrency {concurrency}: {} applications, {} groups, {} bindings, {requests} requests; \
             floor = {requests} / {concurrency} x {LATENCY_MS} ms = {floor:.2} s",
            snapshot.applications.len(),
            snapshot.user_groups.len(),
            snapshot.bindings.len(),
        );
        let name = if concurrency == 1 {
            "sequential".to_owned()
        } else {
            format!("concurrent_{concurrency}")
        };
        group.bench_function(name, |b| b.iter(|| runtime.block_on(sync(&jc))));
    }
    group.finish();
    runtime.block_on(sandbox.stop());
}

criterion_group!(benches, bench_sync);
criterion_main!(benches);
