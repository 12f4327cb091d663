//! The client against a sandbox that misbehaves on purpose: 429 with `Retry-After`, 503,
//! connections reset before an answer, answers cut off mid-body. Reads must come back complete
//! and equal to a calm read; a create must never leave two applications.

use serde_json::{json, Value};
use sso_desk_core::jumpcloud::{
    no_progress, Application, ApplicationFilter, Client, ConnectionOptions, Credentials, Endpoint,
    RetryPolicy,
};
use sso_desk_sandbox::{start, Sandbox, SandboxOptions, DEFAULT_API_KEY};
use std::time::Duration;

struct Org {
    sandbox: Sandbox,
    _dir: tempfile::TempDir,
}

async fn sandbox() -> Org {
    let dir = tempfile::tempdir().expect("temp dir");
    let sandbox = start(SandboxOptions::new(dir.path()))
        .await
        .expect("sandbox starts");
    Org { sandbox, _dir: dir }
}

fn client(org: &Org) -> Client {
    let options = ConnectionOptions {
        retry: RetryPolicy {
            max_attempts: 10,
            base_delay: Duration::from_millis(5),
            max_delay: Duration::from_millis(50),
            // The sandbox asks for 1 s; honour it, but no more.
            max_retry_after: Duration::from_secs(1),
        },
        request_timeout: Duration::from_secs(10),
        ..ConnectionOptions::default()
    };
    Client::new(
        &Endpoint::Custom(org.sandbox.url().to_owned()),
        Credentials::api_key(DEFAULT_API_KEY),
        options,
    )
    .expect("client")
}

async fn faults(org: &Org, rate: f64, kinds: &[&str], seed: u64) {
    let status = {
        sso_desk_core::jumpcloud::install_tls();
        reqwest::Client::new()
    }
    .post(format!("{}/sandbox/faults", org.sandbox.url()))
    .header("x-api-key", DEFAULT_API_KEY)
    .json(&json!({"rate": rate, "latencyMs": 0, "kinds": kinds, "seed": seed}))
    .send()
    .await
    .expect("fault settings")
    .status();
    assert!(
        status.is_success(),
        "the sandbox accepts fault settings: {status}"
    );
}

fn ids(apps: &[Application]) -> Vec<Option<String>> {
    apps.iter().map(|a| a.id().map(str::to_owned)).collect()
}

#[tokio::test]
async fn reads_succeed_through_every_kind_of_fault() {
    let org = sandbox().await;
    let jc = client(&org);
    let calm_templates = jc
        .list_templates(&no_progress)
        .await
        .expect("calm templates");
    let calm_apps = jc
        .list_applications(&no_progress)
        .await
        .expect("calm applications");
    let calm_groups = jc
        .list_user_groups(&no_progress)
        .await
        .expect("calm groups");

    for (seed, kinds) in [
        (3, vec!["429"]),
        (5, vec!["503"]),
        (7, vec!["reset"]),
        (11, vec!["truncate"]),
        (13, vec!["429", "503", "reset", "truncate"]),
    ] {
        faults(&org, 0.3, &kinds, seed).await;
        let templates = jc
            .list_templates(&no_progress)
            .await
            .unwrap_or_else(|e| panic!("{kinds:?}: {e}"));
        assert_eq!(
            templates.iter().map(|t| &t.id).collect::<Vec<_>>(),
            calm_templates.iter().map(|t| &t.id).collect::<Vec<_>>(),
            "{kinds:?}: the faulty read equals the calm one"
        );
        let apps = jc
            .list_applications(&no_progress)
            .await
            .unwrap_or_else(|e| panic!("{kinds:?}: {e}"));
        assert_eq!(
            apps, calm_apps,
            "{kinds:?}: applications are complete and intact"
        );
        let groups = jc
            .list_user_groups(&no_progress)
            .await
            .unwrap_or_else(|e| panic!("{kinds:?}: {e}"));
        assert_eq!(groups, calm_groups, "{kinds:?}: v2 lists too");
        let one = jc.get_application(calm_apps[0].id().expect("id")).await;
        assert_eq!(
            one.ok().as_ref(),
            Some(&calm_apps[0]),
            "{kinds:?}: a single read too"
        );
    }
}

#[tokio::test]
async fn updates_succeed_through_faults_and_stay_lossless() {
    let org = sandbox().await;
    let jc = client(&org);
    let id = jc.list_applications(&no_progress).await.expect("apps")[0]
        .id()
        .expect("id")
        .to_owned();
    let original: Value = jc.get_application(&id).await.expect("get").into_value();
    faults(&org, 0.4, &["429", "503", "reset", "truncate"], 17).await;
    let base = jc.get_application(&id).await.expect("get under faults");
    let mut edited = base.clone();
    edited.set_description("edited under faults");
    jc.update_application(&base, &edited)
        .await
        .expect("update under faults");
    faults(&org, 0.0, &[], 0).await;
    let mut after = jc.get_application(&id).await.expect("get").into_value();
    assert_eq!(after["description"], "edited under faults");
    after["description"] = original.get("description").cloned().unwrap_or(Value::Null);
    if original.get("description").is_none() {
        after.as_object_mut().map(|m| m.shift_remove("description"));
    }
    assert_eq!(after, original, "apart from the edit, nothing changed");
}

#[tokio::test]
async fn a_create_under_faults_never_makes_two_applications() {
    let org = sandbox().await;
    let jc = client(&org);
    let templates = jc.list_templates(&no_progress).await.expect("templates");
    let template = &templates[0];
    // Resets and cut-off answers after the server stored the application are the dangerous case:
    // the client cannot know whether it worked.
    // Cut-off answers alone (the server stored the application, the client never heard), then
    // every kind mixed.
    let plans: Vec<(u64, Vec<&str>)> = (1..=8u64)
        .map(|seed| (seed, vec!["truncate"]))
        .chain((9..=14u64).map(|seed| (seed, vec!["reset", "truncate", "503", "429"])))
        .collect();
    for (seed, kinds) in plans {
        let label = format!("Created under faults #{seed}");
        faults(&org, 0.6, &kinds, seed).await;
        let draft = Application::new_from_template(template, &label);
        let created = jc.create_application(&draft).await;
        faults(&org, 0.0, &[], 0).await;
        let filter = ApplicationFilter {
            name: Some(template.name.clone()),
            display_label: Some(label.clone()),
        };
        let found = jc.find_applications(&filter).await.expect("calm lookup");
        assert!(
            found.len() <= 1,
            "seed {seed}: two copies of {label:?}: {:?}",
            ids(&found)
        );
        match created {
            Ok(app) => assert_eq!(
                ids(&found),
                vec![app.id().map(str::to_owned)],
                "seed {seed}: the one returned is the one stored"
            ),
            Err(e) => panic!("seed {seed}: the create should get through with 10 attempts: {e}"),
        }
    }
}
