//! `sso-desk export|diff|apply DIR` as a script or CI runs them: the real binary against a
//! standalone sandbox, with no display (a window would need one, so a run that opened one fails).
//! Export, change one field through the API (the console), `diff` exits 1 and names exactly that
//! field, `apply` without `--yes` writes nothing, `apply --yes` brings it back, `diff` exits 0.

use std::process::{Command, Output};

use serde_json::Value;

fn run(profile: &std::path::Path, url: &str, key: &str, command: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sso-desk"))
        .arg("--profile")
        .arg(profile)
        .args(["--sandbox-url", url, "--sandbox-api-key", key])
        .args(command)
        .env("RUST_LOG", "warn")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("the app runs")
}

fn text(out: &Output) -> String {
    format!(
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_drift_diff_apply_and_no_drift() {
    let org = sso_desk_testkit::sandbox().await;
    let (url, key) = (org.url().to_owned(), org.key().to_owned());
    let profile = tempfile::tempdir().expect("a profile folder");
    let folder = tempfile::tempdir().expect("a snapshot folder");
    let dir = folder.path().join("snap");
    let dir_s = dir.to_string_lossy().into_owned();
    let p = profile.path().to_owned();
    let cli = move |command: Vec<String>| {
        let (p, url, key) = (p.clone(), url.clone(), key.clone());
        async move {
            tokio::task::spawn_blocking(move || {
                let args: Vec<&str> = command.iter().map(String::as_str).collect();
                run(&p, &url, &key, &args)
            })
            .await
            .expect("ran")
        }
    };
    let args = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();

    let out = cli(args(&["export", &dir_s])).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(dir.join("manifest.json").is_file() && dir.join("bindings.json").is_file());
    let exported = std::fs::read_dir(dir.join("applications"))
        .expect("apps")
        .count();
    assert!(exported > 0, "one file per application");
    let all = std::fs::read_to_string(
        dir.join("applications").join(
            std::fs::read_dir(dir.join("applications"))
                .unwrap()
                .next()
                .unwrap()
                .unwrap()
                .file_name(),
        ),
    )
    .unwrap();
    assert!(!all.contains("PRIVATE KEY"), "no private key is exported");

    let out = cli(args(&["diff", &dir_s])).await;
    assert_eq!(out.status.code(), Some(0), "no drift yet: {}", text(&out));

    // The console changes one field of one application.
    let apps = sso_desk_testkit::raw_list(org.url(), org.key(), "/api/applications").await;
    let mut app: Value = apps
        .into_iter()
        .find(|a| a.pointer("/config/spEntityId/value").is_some())
        .expect("an application with an SP Entity ID");
    let id = app["_id"].as_str().expect("id").to_owned();
    let before = app.clone();
    app["config"]["spEntityId"]["value"] = "https://drifted.example.com/sp".into();
    org.put(&id, &app).await;

    let out = cli(args(&["diff", &dir_s])).await;
    assert_eq!(out.status.code(), Some(1), "drift: {}", text(&out));
    let report = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(report.contains("SP Entity ID"), "{report}");
    assert!(
        report.contains("https://drifted.example.com/sp"),
        "{report}"
    );
    assert!(
        report.contains("1 changed, 0 removed, 0 added, 0 with other user groups"),
        "{report}"
    );
    let field_lines = report.lines().filter(|l| l.starts_with("  ")).count();
    assert_eq!(field_lines, 1, "exactly that field: {report}");

    let out = cli(args(&["diff", &dir_s, "--json"])).await;
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let drift: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let changes = drift["changed"][0]["changes"].as_array().expect("changes");
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0]["label"], "SP Entity ID");

    let out = cli(args(&["apply", &dir_s])).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("add --yes"));
    let still = org.get(&format!("/api/applications/{id}")).await;
    assert_eq!(
        still["config"]["spEntityId"]["value"], "https://drifted.example.com/sp",
        "a plan writes nothing"
    );

    let out = cli(args(&["apply", &dir_s, "--yes"])).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let now = org.get(&format!("/api/applications/{id}")).await;
    assert_eq!(now, before, "the application is back as exported");

    let out = cli(args(&["diff", &dir_s])).await;
    assert_eq!(
        out.status.code(),
        Some(0),
        "no drift after apply: {}",
        text(&out)
    );
    let all = format!(
        "{}{}",
        text(&out),
        std::fs::read_to_string(dir.join("manifest.json")).unwrap()
    );
    assert!(!all.contains(org.key()), "names no secret: {all}");
}

#[test]
fn a_folder_that_is_not_a_snapshot_is_an_error_with_exit_2() {
    let profile = tempfile::tempdir().expect("a profile folder");
    let empty = tempfile::tempdir().expect("an empty folder");
    let out = run(
        profile.path(),
        "http://127.0.0.1:9",
        "k",
        &["diff", &empty.path().to_string_lossy()],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("not a snapshot folder"),
        "{}",
        text(&out)
    );
    let out = run(profile.path(), "http://127.0.0.1:9", "k", &["diff"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
}
