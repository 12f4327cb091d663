//! A provider connection with many organisations, through the same use cases the app calls: the
//! Organisations page (kept rows on opening, then every organisation read) and the Certificates
//! view across organisations. The sandbox serves `ORGS` organisations (default 100) of 20
//! applications each, with 25 ms added to every request, through the connection's shared limit of
//! requests in flight (8).
//!
//! For each load it prints the requests the sandbox answered, the floor no client can beat with
//! the same limit (requests / 8 x 25 ms), the time taken and the ratio; then how long the kept rows
//! take to show from a fresh desk over the same profile, and the process's resident memory (the
//! in-process sandbox included: compare the runs with `ORGS=1` and `ORGS=100`). Figures are
//! printed, never asserted.
//!
//!   ORGS=100 cargo bench -p sso-desk-core --bench organisations

use std::sync::Arc;
use std::time::Instant;

use sso_desk_core::connections::credentials::Keyring;
use sso_desk_core::connections::sandbox::StandaloneSandbox;
use sso_desk_core::desk::Desk;
use sso_desk_core::profile::Profile;
use sso_desk_sandbox::SandboxOptions;

const LATENCY_MS: u64 = 25;
const APPLICATIONS: usize = 20;
const KEY: &str = "organisations-bench-key";

/// Resident memory now and at its peak, in MiB (Linux; zero elsewhere).
fn memory() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn desk_over(profile: &std::path::Path, url: &str) -> Desk {
    let source = StandaloneSandbox::new(url, KEY.into())
        .expect("a loopback sandbox")
        .provider(true);
    Desk::new(
        Profile::in_dir(profile),
        Keyring::default(),
        Arc::new(source),
    )
}

/// One load against its request floor (see the module notes).
fn report(name: &str, requests: u64, seconds: f64) {
    sso_desk_testkit::report_against_floor(name, requests, seconds, LATENCY_MS);
}

fn main() {
    let orgs: usize = std::env::var("ORGS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    sso_desk_core::jumpcloud::install_tls();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let dir = tempfile::tempdir().expect("temp dir");
    runtime.block_on(async {
        let seeded = Instant::now();
        let sandbox = sso_desk_sandbox::start(SandboxOptions {
            latency_ms: LATENCY_MS,
            api_key: Some(KEY.to_owned()),
            orgs,
            org_applications: Some(APPLICATIONS),
            ..SandboxOptions::new(dir.path().join("sandbox"))
        })
        .await
        .expect("the provider's sandbox starts");
        let url = sandbox.url().to_owned();
        println!(
            "{orgs} organisations x {APPLICATIONS} applications ready in {:.1} s",
            seeded.elapsed().as_secs_f64()
        );
        let (rss, _) = memory();
        println!("memory with the sandbox seeded, before the desk: {rss:.1} MiB");
        let profile = dir.path().join("profile");
        let desk = desk_over(&profile, &url);

        let before = sso_desk_testkit::sandbox_requests(&url, KEY).await;
        let started = Instant::now();
        let choices = desk.organisations().choices().await.expect("listed");
        report(
            &format!("listing the {} organisations", choices.organisations.len()),
            sso_desk_testkit::sandbox_requests(&url, KEY).await - before,
            started.elapsed().as_secs_f64(),
        );
        for round in ["first", "second"] {
            let before = sso_desk_testkit::sandbox_requests(&url, KEY).await;
            let started = Instant::now();
            let rows = desk
                .organisations()
                .refresh(&|_| {})
                .await
                .expect("the page loads");
            report(
                &format!("Organisations page, {round} load ({} rows)", rows.len()),
                sso_desk_testkit::sandbox_requests(&url, KEY).await - before,
                started.elapsed().as_secs_f64(),
            );
            let before = sso_desk_testkit::sandbox_requests(&url, KEY).await;
            let started = Instant::now();
            let certificates = desk
                .organisations()
                .certificates()
                .await
                .expect("certificates load");
            report(
                &format!(
                    "Certificates across organisations, {round} load ({} rows)",
                    certificates.len()
                ),
                sso_desk_testkit::sandbox_requests(&url, KEY).await - before,
                started.elapsed().as_secs_f64(),
            );
        }
        let (rss, peak) = memory();
        println!("memory after loading: {rss:.1} MiB resident, {peak:.1} MiB at the peak");

        // Opening the page on a fresh start: a new desk over the same profile lists the
        // organisations (one request) and shows the kept rows.
        let fresh = desk_over(&profile, &url);
        let started = Instant::now();
        let kept = fresh.organisations().cached().await.expect("kept rows");
        println!(
            "kept rows on opening (fresh desk, {} rows, listing included): {:.0} ms",
            kept.len(),
            started.elapsed().as_secs_f64() * 1000.0
        );
        let started = Instant::now();
        let kept = fresh.organisations().cached().await.expect("kept rows");
        println!(
            "kept rows on opening again ({} rows): {:.0} ms",
            kept.len(),
            started.elapsed().as_secs_f64() * 1000.0
        );
    });
}
