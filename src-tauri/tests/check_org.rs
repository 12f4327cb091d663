//! `sso-desk --check-org` as an admin runs it: the fidelity report of the active connection (here
//! the embedded sandbox of a fresh profile, or a standalone sandbox) on standard output, without a
//! window. The clean demo organisation has nothing to report; with the sandbox's one unreadable
//! application (the sandbox's own `odd_application` switch, not the app's), the report names it.
//! (This test also makes `cargo test` build the app binary the end-to-end suite drives.)

use std::process::{Command, Output};
use std::time::Instant;

use sso_desk_sandbox::SandboxOptions;

fn run(profile: &std::path::Path, extra: &[&str]) -> Output {
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_sso-desk"))
        .arg("--check-org")
        .arg("--profile")
        .arg(profile)
        .args(extra)
        .env("RUST_LOG", "warn")
        .output()
        .expect("the app runs");
    eprintln!("--check-org {extra:?} took {:?}", started.elapsed());
    out
}

fn check_org(profile: &std::path::Path, extra: &[&str]) -> String {
    let out = run(profile, extra);
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn the_demo_organisation_is_clean() {
    let profile = tempfile::tempdir().expect("a profile folder");
    let clean = check_org(profile.path(), &[]);
    assert!(clean.contains("connection: Sandbox"), "{clean}");
    assert!(
        clean.contains("0 finding(s)"),
        "the demo org is clean: {clean}"
    );
    let app_sandbox = profile.path().join("data/dev.ssodesk.desktop/sandbox");
    assert!(
        !app_sandbox.exists(),
        "the check ran its sandbox in a folder of its own, not in the app's {}",
        app_sandbox.display()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_standalone_sandbox_with_the_odd_application_is_reported() {
    let org = sso_desk_testkit::sandbox_with(|o| SandboxOptions {
        odd_application: true,
        ..o
    })
    .await;
    // A label as a hostile server could send it: it retitles the terminal and clears the screen.
    let apps = sso_desk_testkit::raw_list(org.url(), org.key(), "/api/applications").await;
    let mut odd_app = apps
        .into_iter()
        .find(|a| a["displayLabel"] == sso_desk_sandbox::sample::ODD_APPLICATION_LABEL)
        .expect("the odd application is seeded");
    let id = odd_app["_id"].as_str().expect("an id").to_owned();
    odd_app["displayLabel"] = "Odd Attributes App\u{1b}]0;retitled\u{7}\u{1b}[2J".into();
    org.put(&id, &odd_app).await;
    let profile = tempfile::tempdir().expect("a profile folder");
    let (url, key) = (org.url().to_owned(), org.key().to_owned());
    let odd = tokio::task::spawn_blocking(move || {
        check_org(
            profile.path(),
            &["--sandbox-url", &url, "--sandbox-api-key", &key],
        )
    })
    .await
    .expect("the check ran");
    assert!(odd.contains("1 finding(s)"), "{odd}");
    assert!(
        odd.contains("Odd Attributes App"),
        "the odd application is named: {odd}"
    );
    assert!(odd.contains("not understood"), "{odd}");
    assert!(
        !odd.contains('\u{1b}') && !odd.contains('\u{7}'),
        "the server's escape sequences are shown, not sent to the terminal: {odd:?}"
    );
    assert!(odd.contains("\\u{1b}]0;retitled"), "{odd}");
    assert!(
        !odd.contains("PRIVATE KEY") && !odd.contains("tenant=example-odd"),
        "no values: {odd}"
    );
}

#[test]
fn a_sandbox_url_off_this_machine_is_refused_before_anything_is_sent() {
    let profile = tempfile::tempdir().expect("a profile folder");
    // A name that does not resolve here: even with the check gone, nothing would leave the machine.
    let url = "https://sandbox.example.com";
    let out = run(
        profile.path(),
        &["--sandbox-url", url, "--sandbox-api-key", "k-never-sent"],
    );
    assert!(!out.status.success(), "{url} must be refused");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--sandbox-url") && err.contains("loopback"),
        "the error says what is accepted: {err}"
    );
}
