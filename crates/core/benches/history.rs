//! What the history costs on the large sample organisation (2,000 applications), through the
//! version store the refresh and the History tab use (`sso_desk_core::history::History`):
//!
//! - disk use after 100 refreshes with 1 % of the applications changing per refresh (each
//!   refresh records the whole list, as `Applications::refresh` does with `observe_all`), and
//!   what a refresh that changes nothing writes;
//! - the time to list the History of one application with 1,000 versions.
//!
//! It reports figures and asserts no timing.
//!
//!   cargo bench -p sso-desk-core --bench history

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use serde_json::Value;
use sso_desk_core::desk::VersionRow;
use sso_desk_core::history::History;
use sso_desk_core::jumpcloud::no_progress;
use sso_desk_core::profile::{ConnectionDir, ConnectionId};
use sso_desk_sandbox::{SandboxOptions, Size};

const KEY: &str = "history-bench-key";
const REFRESHES: usize = 100;
const VERSIONS: usize = 1_000;

/// Bytes and files under `dir`.
fn disk_use(dir: &Path) -> (u64, usize) {
    let mut bytes = 0;
    let mut files = 0;
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            let (b, f) = disk_use(&path);
            bytes += b;
            files += f;
        } else {
            bytes += entry.metadata().map(|m| m.len()).unwrap_or(0);
            files += 1;
        }
    }
    (bytes, files)
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1_000_000.0
}

fn main() {
    sso_desk_core::jumpcloud::install_tls();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let dir = tempfile::tempdir().expect("temp dir");
    let mut apps: Vec<Value> = runtime.block_on(async {
        let sandbox = sso_desk_sandbox::start(SandboxOptions {
            size: Size::Large,
            api_key: Some(KEY.to_owned()),
            ..SandboxOptions::new(dir.path().join("sandbox"))
        })
        .await
        .expect("the large sandbox starts");
        let client = sso_desk_testkit::client(sandbox.url(), KEY);
        let apps = client
            .list_applications(&no_progress)
            .await
            .expect("the applications");
        apps.iter().map(|a| a.to_value()).collect()
    });
    let n = apps.len();
    let with_key = apps.iter().map(|a| a.to_string().len()).sum::<usize>();
    println!(
        "large organisation: {n} applications, {:.1} MB as JSON",
        mb(with_key as u64)
    );

    let connection = ConnectionDir::new(
        &dir.path().join("profile"),
        &ConnectionId::new("bench").expect("id"),
    );
    let history = History::new(&connection).expect("the store");
    let bindings = BTreeMap::new();

    let started = Instant::now();
    history
        .observe_all(&apps, &bindings, sso_desk_core::profile::now_ms())
        .expect("first refresh");
    let first = started.elapsed();
    let (after_first, files_first) = disk_use(history.path());
    println!(
        "first refresh: {:.2} s to record, {:.1} MB in {files_first} files",
        first.as_secs_f64(),
        mb(after_first)
    );

    let started = Instant::now();
    history
        .observe_all(&apps, &bindings, sso_desk_core::profile::now_ms())
        .expect("unchanged");
    let (unchanged, _) = disk_use(history.path());
    println!(
        "a refresh that changes nothing: {:.2} s, {} bytes written",
        started.elapsed().as_secs_f64(),
        unchanged - after_first
    );

    let changing = (n / 100).max(1);
    let mut times = Vec::with_capacity(REFRESHES);
    for round in 0..REFRESHES {
        for k in 0..changing {
            let app = &mut apps[(round * changing + k * 97) % n];
            app["description"] = Value::from(format!("refresh {round}"));
        }
        let started = Instant::now();
        history
            .observe_all(&apps, &bindings, sso_desk_core::profile::now_ms())
            .expect("a refresh");
        times.push(started.elapsed().as_secs_f64());
    }
    let (after, files) = disk_use(history.path());
    times.sort_by(f64::total_cmp);
    println!(
        "after {REFRESHES} refreshes with {changing} applications ({:.1} %) changing each: {:.1} MB in \
         {files} files ({:.1} MB more than the first refresh, {:.0} KB per refresh); recording a \
         refresh took {:.3} s median, {:.3} s max",
        changing as f64 * 100.0 / n as f64,
        mb(after),
        mb(after - after_first),
        (after - after_first) as f64 / REFRESHES as f64 / 1000.0,
        times[times.len() / 2],
        times[times.len() - 1]
    );

    // One application with a thousand versions.
    let mut app = apps[0].clone();
    let id = app["_id"].as_str().expect("an id").to_owned();
    let started = Instant::now();
    let already = history.versions(&id).expect("versions").len();
    for v in already..VERSIONS {
        app["description"] = Value::from(format!("version {v}"));
        history.observe(&app).expect("a version");
    }
    let recorded = started.elapsed();
    let mut listings = Vec::new();
    for _ in 0..20 {
        let started = Instant::now();
        let rows: Vec<VersionRow> = history
            .versions(&id)
            .expect("versions")
            .into_iter()
            .map(VersionRow::from)
            .collect();
        let json = serde_json::to_string(&rows).expect("as the UI gets it");
        listings.push(started.elapsed().as_secs_f64());
        assert_eq!(rows.len(), VERSIONS, "a thousand versions");
        std::hint::black_box(json);
    }
    listings.sort_by(f64::total_cmp);
    println!(
        "History of an application with {VERSIONS} versions: listed (read, rows, JSON) in \
         {:.1} ms median, {:.1} ms max; recording them took {:.2} s",
        listings[listings.len() / 2] * 1000.0,
        listings[listings.len() - 1] * 1000.0,
        recorded.as_secs_f64()
    );
}
