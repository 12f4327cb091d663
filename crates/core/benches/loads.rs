//! The two loads a user waits for on a large organisation, through the same use cases the app
//! calls: the Configured applications list's first load (no saved list) and the readiness load.
//! The sandbox serves the large sample organisation (2,000 applications, 10,000 connectors,
//! 500 user groups, 50,000 users) with 25 ms added to every request, as a distant JumpCloud would.
//!
//! For each load it prints the requests the sandbox answered, the floor no client can beat with the
//! same concurrency (requests / concurrency x latency) and the time taken, then the ratio. The
//! end-to-end benchmark `tests/bench/large-org-loads.mjs` measures the same loads in the real app.
//!
//!   cargo bench -p sso-desk-core --bench loads

use std::sync::Arc;
use std::time::Instant;

use sso_desk_core::connections::credentials::Keyring;
use sso_desk_core::connections::sandbox::StandaloneSandbox;
use sso_desk_core::desk::Desk;
use sso_desk_core::profile::Profile;
use sso_desk_sandbox::{SandboxOptions, Size};

const LATENCY_MS: u64 = 25;
const KEY: &str = "loads-bench-key";

/// One load against its request floor (see the module notes).
fn report(name: &str, requests: u64, seconds: f64) {
    sso_desk_testkit::report_against_floor(name, requests, seconds, LATENCY_MS);
}

fn main() {
    sso_desk_core::jumpcloud::install_tls();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let dir = tempfile::tempdir().expect("temp dir");
    runtime.block_on(async {
        // The sandbox's own latency, as the standalone binary's `--latency-ms` sets it: a
        // benchmark switch of the sandbox, not of the app.
        let seeded = Instant::now();
        let sandbox = sso_desk_sandbox::start(SandboxOptions {
            size: Size::Large,
            latency_ms: LATENCY_MS,
            api_key: Some(KEY.to_owned()),
            ..SandboxOptions::new(dir.path().join("sandbox"))
        })
        .await
        .expect("the large sandbox starts");
        let url = sandbox.url().to_owned();
        println!(
            "large sandbox ready in {:.1} s",
            seeded.elapsed().as_secs_f64()
        );
        let standalone = StandaloneSandbox::new(&url, KEY.into()).expect("a loopback sandbox");
        let desk = Desk::new(
            Profile::in_dir(&dir.path().join("profile")),
            Keyring::default(),
            Arc::new(standalone),
        );
        for round in ["first", "second"] {
            let before = sso_desk_testkit::sandbox_requests(&url, KEY).await;
            let started = Instant::now();
            let list = desk
                .applications()
                .refresh(&|_| {})
                .await
                .expect("the list loads");
            let took = started.elapsed().as_secs_f64();
            report(
                &format!("applications list, {round} load ({} rows)", list.rows.len()),
                sso_desk_testkit::sandbox_requests(&url, KEY).await - before,
                took,
            );

            let before = sso_desk_testkit::sandbox_requests(&url, KEY).await;
            let started = Instant::now();
            let org = desk
                .readiness()
                .refresh(|_| {})
                .await
                .expect("readiness loads");
            let took = started.elapsed().as_secs_f64();
            report(
                &format!(
                    "readiness, {round} load ({} JIT applications)",
                    org.applications.len()
                ),
                sso_desk_testkit::sandbox_requests(&url, KEY).await - before,
                took,
            );
        }
    });
}
