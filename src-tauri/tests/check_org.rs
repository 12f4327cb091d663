//! `sso-desk --check-org` as an admin runs it: the fidelity report of the active connection (here
//! the embedded sandbox of a fresh profile) on standard output, without a window. The clean demo
//! organisation has nothing to report; with the sandbox's one unreadable application, the report
//! names it. (This test also makes `cargo test` build the app binary the end-to-end suite drives.)

use std::process::Command;
use std::time::Instant;

fn check_org(extra: &[&str]) -> String {
    let profile = tempfile::tempdir().expect("a profile folder");
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_sso-desk"))
        .arg("--check-org")
        .arg("--profile")
        .arg(profile.path())
        .args(extra)
        .env("RUST_LOG", "warn")
        .output()
        .expect("the app runs");
    eprintln!("--check-org {extra:?} took {:?}", started.elapsed());
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn the_demo_organisation_is_clean_and_the_odd_application_is_reported() {
    let clean = check_org(&[]);
    assert!(clean.contains("connection: Sandbox"), "{clean}");
    assert!(
        clean.contains("0 finding(s)"),
        "the demo org is clean: {clean}"
    );

    let odd = check_org(&["--sandbox-odd-application"]);
    assert!(odd.contains("1 finding(s)"), "{odd}");
    assert!(
        odd.contains("Odd Attributes App"),
        "the odd application is named: {odd}"
    );
    assert!(odd.contains("not understood"), "{odd}");
    assert!(
        !odd.contains("PRIVATE KEY") && !odd.contains("tenant=example-odd"),
        "no values: {odd}"
    );
}
