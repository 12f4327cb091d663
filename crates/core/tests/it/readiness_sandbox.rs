//! Readiness against the sandbox's sample organisation over loopback HTTP: the snapshot is loaded
//! through the client, and its answers are held against what the sandbox itself computes (its
//! association traversal and its `/sandbox/assertion`).

use std::collections::BTreeSet;

use serde_json::Value;
use sso_desk_core::jumpcloud::{no_progress, Client};
use sso_desk_core::readiness::{
    application_readiness, org_readiness, preview_assertion, BoundBy, OrgSnapshot,
    ReadinessLoadStage as LoadStage, ValueSource,
};
use sso_desk_sandbox::sample::{
    DIRECTLY_BOUND_USER_ID, READINESS_DEMO_APP_ID, USERS_WITHOUT_LASTNAME,
};

use crate::common;

struct Org {
    org: common::Org,
    client: Client,
}

async fn org() -> Org {
    let org = common::sandbox().await;
    let client = org.org_client();
    Org { org, client }
}

async fn load(org: &Org) -> OrgSnapshot {
    OrgSnapshot::load(&org.client, &|_| {})
        .await
        .expect("the sample organisation loads")
}

/// A raw call around the client, to see what the server holds or computes.
async fn raw(org: &Org, method: reqwest::Method, path: &str, body: Option<&Value>) -> Value {
    common::raw(org.org.url(), org.org.key(), method, path, body)
        .await
        .json()
        .await
        .expect("JSON body")
}

fn not_ready_ids(snapshot: &OrgSnapshot, app: &str) -> BTreeSet<String> {
    application_readiness(snapshot, app)
        .expect("application is loaded")
        .users_not_ready
        .iter()
        .map(|u| u.user_id.to_string())
        .collect()
}

#[tokio::test]
async fn the_readiness_demo_shows_exactly_the_users_without_lastname() {
    let org = org().await;
    let snapshot = load(&org).await;
    let report = application_readiness(&snapshot, READINESS_DEMO_APP_ID).unwrap();
    let expected: BTreeSet<String> = USERS_WITHOUT_LASTNAME
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(
        not_ready_ids(&snapshot, READINESS_DEMO_APP_ID),
        expected,
        "the sample documents these users (two members of the bound group, one bound to the \
         application directly, two through a nested group) as the only ones with an empty lastname"
    );
    let direct = report
        .users_not_ready
        .iter()
        .find(|u| &*u.user_id == DIRECTLY_BOUND_USER_ID)
        .expect("the user bound directly is listed");
    assert_eq!(
        direct.bound_by,
        BoundBy::Directly,
        "bound with no group in between"
    );
    assert!(
        report
            .users_not_ready
            .iter()
            .filter(|u| &*u.user_id != DIRECTLY_BOUND_USER_ID)
            .all(|u| u.bound_by == BoundBy::Groups),
        "the others reach Slack through groups only"
    );
    for user in &report.users_not_ready {
        let missing: Vec<(&str, ValueSource)> = user
            .missing
            .iter()
            .map(|m| (&*m.name, m.source.clone()))
            .collect();
        assert_eq!(
            missing,
            vec![(
                "lastName",
                ValueSource::Property {
                    property: "lastname".into()
                }
            )],
            "{} lacks only lastName",
            user.username
        );
    }
    let reachable = org
        .client
        .application_users(READINESS_DEMO_APP_ID, &no_progress)
        .await
        .expect("traversal");
    assert_eq!(
        report.users as usize,
        reachable.len(),
        "who can sign in matches the sandbox's own traversal through nested groups"
    );
}

#[tokio::test]
async fn who_can_sign_in_matches_the_sandbox_traversal_for_every_jit_application() {
    let org = org().await;
    let snapshot = load(&org).await;
    let overview = org_readiness(&snapshot);
    assert!(
        overview.len() > 5,
        "the sample org has many JIT applications, got {}",
        overview.len()
    );
    for summary in &overview {
        let reachable: BTreeSet<String> = org
            .client
            .application_users(&summary.application_id, &no_progress)
            .await
            .expect("traversal")
            .into_iter()
            .map(|a| a.id)
            .collect();
        assert_eq!(
            summary.users as usize,
            reachable.len(),
            "{}: users who can sign in",
            summary.application_name
        );
        assert!(
            not_ready_ids(&snapshot, &summary.application_id).is_subset(&reachable),
            "{}: every not-ready user can sign in",
            summary.application_name
        );
    }
    for pair in overview.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let worse_or_equal = a.not_ready > b.not_ready
            || (a.not_ready == b.not_ready
                && u64::from(a.not_ready) * u64::from(b.users.max(1))
                    >= u64::from(b.not_ready) * u64::from(a.users.max(1)));
        assert!(worse_or_equal, "{a:?} must not come before a worse {b:?}");
    }
}

#[tokio::test]
async fn filling_lastname_moves_the_user_to_ready() {
    let org = org().await;
    let user_id = USERS_WITHOUT_LASTNAME[2];
    let before = load(&org).await;
    let before_report = application_readiness(&before, READINESS_DEMO_APP_ID).unwrap();
    assert!(not_ready_ids(&before, READINESS_DEMO_APP_ID).contains(user_id));

    let path = format!("/api/systemusers/{user_id}");
    let mut user = raw(&org, reqwest::Method::GET, &path, None).await;
    user["lastname"] = Value::String("Lovelace".into());
    raw(&org, reqwest::Method::PUT, &path, Some(&user)).await;

    let after = load(&org).await;
    let after_report = application_readiness(&after, READINESS_DEMO_APP_ID).unwrap();
    assert!(
        !not_ready_ids(&after, READINESS_DEMO_APP_ID).contains(user_id),
        "the user now has a lastname"
    );
    assert_eq!(
        (after_report.ready, after_report.not_ready),
        (before_report.ready + 1, before_report.not_ready - 1),
        "exactly one user moved from not ready to ready"
    );
}

/// `(name, value, source)` as the sandbox spells sources; `value` is a string, or a list of
/// group names for the group statement.
fn statements_of(assertion: &Value) -> Vec<(String, Value, String)> {
    assertion["attributes"]
        .as_array()
        .expect("attributes list")
        .iter()
        .map(|s| {
            let text = |k: &str| s[k].as_str().unwrap_or_default().to_owned();
            (text("name"), s["value"].clone(), text("source"))
        })
        .collect()
}

#[tokio::test]
async fn the_preview_matches_the_sandbox_assertion_attribute_for_attribute() {
    let org = org().await;
    let snapshot = load(&org).await;
    let applications: Vec<String> = snapshot.application_ids().map(str::to_owned).collect();
    let users = [
        USERS_WITHOUT_LASTNAME[0],
        "5f0000000004000000000000",
        "5f0000000004000000000001",
        "5f0000000004000000000019",
        "5f00000000040000000000c8",
    ];
    let mut compared = 0;
    let mut with_subject_field = 0;
    let (mut with_groups, mut with_group_names) = (0, 0);
    for app in &applications {
        for user in users {
            let preview = preview_assertion(&snapshot, app, user).expect("app and user are loaded");
            let expected = raw(
                &org,
                reqwest::Method::GET,
                &format!("/sandbox/assertion?application={app}&user={user}"),
                None,
            )
            .await;
            // The group statement, when the application sends groups, comes last with the
            // names of the user's groups as a list (the sandbox spells its source "group").
            let got: Vec<(String, Value, String)> = preview
                .attributes
                .iter()
                .map(|s| {
                    let source = match s.source {
                        ValueSource::Property { .. } => "property",
                        ValueSource::Custom { .. } => "customAttribute",
                        ValueSource::Constant { .. } => "constant",
                    };
                    (
                        s.name.to_string(),
                        Value::String(s.value.clone()),
                        source.to_owned(),
                    )
                })
                .chain(preview.groups.iter().map(|g| {
                    let names: Vec<Value> = g
                        .values
                        .iter()
                        .map(|v| Value::String(v.to_string()))
                        .collect();
                    (g.name.to_string(), Value::Array(names), "group".to_owned())
                }))
                .collect();
            assert_eq!(
                got,
                statements_of(&expected),
                "statements of {app} for {user}, group statement included"
            );
            if let Some(groups) = &preview.groups {
                with_groups += 1;
                if !groups.values.is_empty() {
                    with_group_names += 1;
                }
            }
            assert_eq!(
                preview.name_id,
                expected["nameId"].as_str().unwrap_or_default(),
                "NameID of {app} for {user}"
            );
            for s in &preview.attributes {
                assert_eq!(
                    s.empty,
                    s.value.trim().is_empty(),
                    "empty flag of {}",
                    s.name
                );
            }
            if &*preview.name_id_property != "email" {
                with_subject_field += 1;
            }
            compared += 1;
        }
    }
    assert!(
        compared >= 100,
        "many (application, user) pairs compared: {compared}"
    );
    assert!(
        with_subject_field > 0,
        "some applications name another NameID property"
    );
    assert!(
        with_groups > 0 && with_groups < compared,
        "some applications send the user's groups and some do not ({with_groups} of {compared})"
    );
    assert!(
        with_group_names > 0,
        "some users have groups that reach an application sending them"
    );
}

#[tokio::test]
async fn a_user_bound_directly_through_the_api_can_sign_in_after_a_reload() {
    let org = org().await;
    // A JIT application and a user who cannot sign in to it yet.
    let before = load(&org).await;
    let summary = org_readiness(&before)
        .into_iter()
        .find(|s| &*s.application_id != READINESS_DEMO_APP_ID)
        .expect("another JIT application");
    let app = summary.application_id.to_string();
    let reachable: BTreeSet<String> = org
        .client
        .application_users(&app, &no_progress)
        .await
        .expect("traversal")
        .into_iter()
        .map(|a| a.id)
        .collect();
    let user = (0..500)
        .map(|i| format!("5f00000000040000{i:08x}"))
        .find(|id| !reachable.contains(id))
        .expect("someone outside the application");
    let body = serde_json::json!({"op": "add", "type": "user", "id": user});
    raw_no_content(
        &org,
        &format!("/api/v2/applications/{app}/associations"),
        &body,
    )
    .await;

    let stages = std::sync::Mutex::new(Vec::new());
    let after = OrgSnapshot::load(&org.client, &|p| {
        stages.lock().expect("not poisoned").push(p.stage);
    })
    .await
    .expect("reloads");
    let report = application_readiness(&after, &app).expect("still loaded");
    assert_eq!(
        report.users,
        summary.users + 1,
        "the directly bound user now counts among those who can sign in"
    );
    let jit_count = org_readiness(&after).len();
    let direct_reads = stages
        .lock()
        .expect("not poisoned")
        .iter()
        .filter(|s| **s == LoadStage::DirectUsers)
        .count();
    assert_eq!(
        direct_reads, jit_count,
        "one direct-binding read per JIT application, each reported"
    );
    assert!(
        jit_count < after.application_count(),
        "non-JIT applications are not read for direct users"
    );
}

async fn raw_no_content(org: &Org, path: &str, body: &Value) {
    let response = common::raw(
        org.org.url(),
        org.org.key(),
        reqwest::Method::POST,
        path,
        Some(body),
    )
    .await;
    assert_eq!(response.status(), reqwest::StatusCode::NO_CONTENT, "{path}");
}
