//! A provider connection over a sandbox of three organisations (`--orgs 3`), through a loopback
//! proxy that records which `x-org-id` every request carried: a request for organisation B never
//! carries A's, what is kept for B is never A's, and the Organisations page reads every one.

use std::sync::{Arc, Mutex};

use axum::body::{to_bytes, Body};
use axum::http::{Request, StatusCode};
use axum::response::Response;
use serde_json::Value;
use sso_desk_core::connections::credentials::Keyring;
use sso_desk_core::connections::sandbox::StandaloneSandbox;
use sso_desk_core::desk::{ConnectionDraft, CredentialInput, Desk, TypedSecret};
use sso_desk_core::jumpcloud::Endpoint;
use sso_desk_core::profile::Profile;
use sso_desk_core::secret::Secret;
use sso_desk_sandbox::Organisation;

use crate::common::{desk_in, http, real_keyring, sandbox_with, serve, Org};

/// Every request the desk sent: its path and its `x-org-id`.
type Log = Arc<Mutex<Vec<(String, Option<String>)>>>;

/// An organisation the proxy refuses with a 403, as JumpCloud does one the key may not act on.
type Refused = Arc<Mutex<Option<String>>>;

async fn recording_proxy(upstream: String, log: Log, refused: Refused) -> String {
    serve(axum::Router::new().fallback(move |req: Request<Body>| {
        let (upstream, log, refused) = (upstream.clone(), log.clone(), refused.clone());
        async move {
            let org = req
                .headers()
                .get("x-org-id")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            let path = req.uri().path().to_owned();
            log.lock().expect("log").push((path, org.clone()));
            if org.is_some() && *refused.lock().expect("refused") == org {
                return Response::builder()
                    .status(StatusCode::FORBIDDEN)
                    .header("content-type", "application/json")
                    .body(Body::from(
                        r#"{"code":403,"message":"Forbidden","status":"Forbidden"}"#,
                    ))
                    .expect("a response");
            }
            let target = format!(
                "{upstream}{}",
                req.uri().path_and_query().map_or("/", |p| p.as_str())
            );
            let (method, headers) = (req.method().clone(), req.headers().clone());
            let body = to_bytes(req.into_body(), usize::MAX).await.expect("body");
            let mut forward = http().request(method, &target).body(body);
            for (name, value) in &headers {
                if name != "host" && name != "content-length" {
                    forward = forward.header(name, value);
                }
            }
            let answer = forward.send().await.expect("the sandbox answers");
            let code = StatusCode::from_u16(answer.status().as_u16()).expect("a status");
            Response::builder()
                .status(code)
                .header("content-type", "application/json")
                .body(Body::from(answer.bytes().await.expect("body")))
                .expect("a response")
        }
    }))
    .await
}

struct Provider {
    org: Org,
    orgs: Vec<Organisation>,
    desk: Desk,
    proxy: String,
    log: Log,
    refused: Refused,
    root: tempfile::TempDir,
}

async fn provider() -> Provider {
    let org = sandbox_with(|mut o| {
        o.orgs = 3;
        o
    })
    .await;
    let orgs = org.sandbox.organisations();
    let log: Log = Arc::default();
    let refused: Refused = Arc::default();
    let proxy = recording_proxy(org.url().to_owned(), log.clone(), refused.clone()).await;
    let root = tempfile::tempdir().expect("temp dir");
    let desk = desk_on(&proxy, &org, root.path());
    Provider {
        org,
        orgs,
        desk,
        proxy,
        log,
        refused,
        root,
    }
}

/// A desk on the provider connection through `proxy`, with its profile in `root`.
fn desk_on(proxy: &str, org: &Org, root: &std::path::Path) -> Desk {
    sso_desk_core::jumpcloud::install_tls();
    let source = StandaloneSandbox::new(proxy, Secret::new(org.key()))
        .expect("a loopback address")
        .provider(true);
    Desk::new(
        Profile::in_dir(root),
        Keyring::new(format!("sso-desk-test-orgs-{}", std::process::id())),
        Arc::new(source),
    )
}

/// The application ids organisation `org` holds, read straight from the sandbox.
async fn ids_in(p: &Provider, org: &str) -> Vec<String> {
    ids_in_org(&p.org, org).await
}

/// The application ids organisation `org_id` of `org`'s sandbox holds, sorted.
async fn ids_in_org(org: &Org, org_id: &str) -> Vec<String> {
    let v: Value = http()
        .get(format!("{}/api/applications?limit=100", org.url()))
        .header("x-api-key", org.key())
        .header("x-org-id", org_id)
        .send()
        .await
        .expect("the sandbox answers")
        .json()
        .await
        .expect("JSON");
    let mut ids: Vec<String> = v["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|a| a["_id"].as_str().expect("an id").to_owned())
        .collect();
    ids.sort();
    ids
}

fn ids_of(rows: &[sso_desk_core::applications::ApplicationRow]) -> Vec<String> {
    let mut ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    ids.sort();
    ids
}

#[tokio::test]
async fn organisation_b_is_never_sent_as_a_nor_kept_as_a() {
    let p = provider().await;
    let (a, b) = (&p.orgs[0], &p.orgs[1]);
    let choices = p.desk.organisations().choices().await.expect("listed");
    assert!(choices.provider);
    assert_eq!(choices.organisations.len(), 3);
    assert_eq!(
        choices.chosen.as_ref().map(|o| &o.id),
        Some(&a.id),
        "the first by default"
    );

    let rows_a = p
        .desk
        .applications()
        .refresh(&|_| {})
        .await
        .expect("A's list");
    assert_eq!(
        ids_of(&rows_a.rows),
        ids_in(&p, &a.id).await,
        "A's applications"
    );

    p.desk
        .organisations()
        .switch(&b.id)
        .await
        .expect("switch to B");
    assert!(
        p.desk
            .applications()
            .cached()
            .await
            .expect("cached")
            .is_none(),
        "nothing is kept for B yet: A's list must not show as B's"
    );
    p.log.lock().expect("log").clear();
    let rows_b = p
        .desk
        .applications()
        .refresh(&|_| {})
        .await
        .expect("B's list");
    assert_eq!(
        ids_of(&rows_b.rows),
        ids_in(&p, &b.id).await,
        "B's applications"
    );
    assert!(
        ids_of(&rows_b.rows)
            .iter()
            .all(|id| !ids_of(&rows_a.rows).contains(id)),
        "no application of A is among B's"
    );
    let sent = p.log.lock().expect("log").clone();
    assert!(!sent.is_empty(), "B's list was read through the proxy");
    for (path, org) in &sent {
        assert_eq!(
            org.as_deref(),
            Some(b.id.as_str()),
            "{path} was sent for B with x-org-id {org:?}"
        );
    }
    let kept_b = p
        .desk
        .applications()
        .cached()
        .await
        .expect("cached")
        .expect("B's kept list");
    assert_eq!(
        ids_of(&kept_b.rows),
        ids_of(&rows_b.rows),
        "B's cache is B's"
    );

    p.desk
        .organisations()
        .switch(&a.id)
        .await
        .expect("back to A");
    let kept_a = p
        .desk
        .applications()
        .cached()
        .await
        .expect("cached")
        .expect("A's kept list");
    assert_eq!(
        ids_of(&kept_a.rows),
        ids_of(&rows_a.rows),
        "A's cache is still A's"
    );
}

#[tokio::test]
async fn the_organisations_page_reads_every_organisation_with_its_own_id() {
    let p = provider().await;
    let progress = Mutex::new(Vec::new());
    let rows = p
        .desk
        .organisations()
        .refresh(&|step| progress.lock().expect("progress").push(step))
        .await
        .expect("the page loads");
    assert_eq!(rows.len(), 3);
    for (row, org) in rows.iter().zip(&p.orgs) {
        assert_eq!(row.org_id, org.id);
        assert_eq!(
            row.applications,
            Some(u32::try_from(ids_in(&p, &org.id).await.len()).expect("a count")),
            "{}'s count is the sandbox's",
            org.name
        );
        assert!(row.read_at_ms.is_some());
        assert!(row.problem.is_none(), "{:?}", row.problem);
    }
    let progress = progress.into_inner().expect("progress");
    for org in &p.orgs {
        assert!(
            progress.iter().any(|s| s.org_id == org.id && s.done >= 1),
            "{} reported its progress",
            org.name
        );
    }
    for (path, org) in p.log.lock().expect("log").iter() {
        if path == "/api/organizations" {
            assert!(
                org.is_none(),
                "the provider's list is read without x-org-id"
            );
        } else {
            assert!(org.is_some(), "{path} names its organisation");
        }
    }
    let certificates = p
        .desk
        .organisations()
        .certificates()
        .await
        .expect("certificates");
    let named: std::collections::HashSet<&str> =
        certificates.iter().map(|c| c.org_id.as_str()).collect();
    assert_eq!(
        named.len(),
        3,
        "certificates of every organisation, each naming it"
    );
    let cached = p.desk.organisations().cached().await.expect("cached rows");
    assert_eq!(
        cached, rows,
        "the rows are kept and shown at once next time"
    );
}

#[tokio::test]
async fn one_organisation_refused_shows_on_its_row_and_the_others_are_read() {
    let p = provider().await;
    let first = p
        .desk
        .organisations()
        .refresh(&|_| {})
        .await
        .expect("the page loads");
    let refused = &p.orgs[1];
    *p.refused.lock().expect("refused") = Some(refused.id.clone());
    let progress = Mutex::new(Vec::new());
    let rows = p
        .desk
        .organisations()
        .refresh(&|step| progress.lock().expect("progress").push(step))
        .await
        .expect("one organisation's failure does not fail the page");
    assert_eq!(rows.len(), 3);
    for (row, before) in rows.iter().zip(&first) {
        if row.org_id == refused.id {
            let problem = row.problem.as_deref().expect("the refused row says why");
            assert!(
                problem.contains("403") || problem.to_lowercase().contains("forbidden"),
                "{problem}"
            );
            assert_eq!(
                row.applications, before.applications,
                "its last good figures stay"
            );
        } else {
            assert!(row.problem.is_none(), "{}: {:?}", row.org_name, row.problem);
            assert!(
                row.read_at_ms >= before.read_at_ms,
                "{} was read again",
                row.org_name
            );
        }
    }
    let failed: Vec<_> = progress
        .into_inner()
        .expect("progress")
        .into_iter()
        .filter(|s| s.state == sso_desk_core::organisations::OrgLoadState::Failed)
        .map(|s| s.org_id)
        .collect();
    assert_eq!(
        failed,
        vec![refused.id.as_str()],
        "its progress says it failed"
    );
}

/// "Which clients use this connector?": a search reads every organisation afresh (never having
/// opened any of them) and each row names its organisation; an empty query lists every
/// application of all three, JIT only keeps the JIT ones, and a label found only in the second
/// organisation is found there alone.
#[tokio::test]
async fn a_search_across_organisations_reads_every_one_and_names_it() {
    let p = provider().await;
    let all = p
        .desk
        .organisations()
        .search_applications("", false)
        .await
        .expect("the search runs");
    for org in &p.orgs {
        let mut found: Vec<String> = all
            .iter()
            .filter(|r| r.org_id == org.id)
            .map(|r| r.application.id.clone())
            .collect();
        found.sort();
        assert_eq!(
            found,
            ids_in(&p, &org.id).await,
            "every application of {}",
            org.name
        );
        assert!(all
            .iter()
            .filter(|r| r.org_id == org.id)
            .all(|r| r.org_name == org.name));
    }
    let jit = p
        .desk
        .organisations()
        .search_applications("", true)
        .await
        .expect("JIT only");
    assert!(jit.iter().all(|r| r.application.jit), "JIT only");
    assert_eq!(jit.len(), all.iter().filter(|r| r.application.jit).count());

    let second = &p.orgs[1];
    let one = all
        .iter()
        .find(|r| r.org_id == second.id)
        .expect("the second organisation has an application");
    let label = one.application.display_label.clone();
    let found = p
        .desk
        .organisations()
        .search_applications(&label.to_uppercase(), false)
        .await
        .expect("by label, any case");
    assert!(
        found
            .iter()
            .any(|r| r.org_id == second.id && r.application.id == one.application.id),
        "{label} is found in {}",
        second.name
    );
}

#[tokio::test]
async fn the_organisations_picked_and_the_one_chosen_are_there_after_a_restart() {
    let p = provider().await;
    let (second, third) = (&p.orgs[1], &p.orgs[2]);
    let picked = p
        .desk
        .organisations()
        .pick(&[second.id.clone(), third.id.clone()])
        .await
        .expect("a pick");
    assert_eq!(picked.working, [second.id.clone(), third.id.clone()]);
    p.desk
        .organisations()
        .switch(&third.id)
        .await
        .expect("a switch");

    // The app starts again on the same profile.
    let again = desk_on(&p.proxy, &p.org, p.root.path());
    let choices = again.organisations().choices().await.expect("choices");
    assert_eq!(choices.working, [second.id.clone(), third.id.clone()]);
    assert_eq!(choices.chosen.map(|o| o.id), Some(third.id.clone()));

    p.log.lock().expect("log").clear();
    let rows = again
        .organisations()
        .refresh(&|_| {})
        .await
        .expect("the page loads");
    let listed: Vec<&str> = rows.iter().map(|r| r.org_id.as_str()).collect();
    assert_eq!(
        listed,
        [second.id.as_str(), third.id.as_str()],
        "only the picked"
    );
    assert!(
        p.log
            .lock()
            .expect("log")
            .iter()
            .all(|(_, org)| org.as_deref() != Some(p.orgs[0].id.as_str())),
        "the organisation left out is not read"
    );
}

/// A provider with a single client organisation: its key lists one organisation, as a key of
/// that organisation would, but every organisation route without `x-org-id` is a 401. Saved
/// without an organisation it must still be a provider connection, or nothing would load.
#[tokio::test]
async fn a_provider_key_with_one_client_organisation_saved_without_one_works_on_it() {
    let org = sandbox_with(|mut o| {
        o.orgs = 1;
        o
    })
    .await;
    let root = tempfile::tempdir().expect("temp dir");
    let desk = desk_in(root.path(), real_keyring("one-client-organisation"));
    let draft = || ConnectionDraft {
        id: None,
        name: "One client".to_owned(),
        endpoint: Endpoint::Custom(org.url().to_owned()),
        credential: CredentialInput::ApiKey {
            key: Some(TypedSecret::new(org.key())),
        },
        org_id: None,
    };
    let checked = desk
        .connections()
        .test(draft())
        .await
        .expect("the key works");
    assert_eq!(checked.organization_count, 1);
    assert!(checked.provider, "a request without x-org-id was refused");
    desk.connections()
        .save(draft(), true)
        .await
        .expect("saved without an organisation");
    let choices = desk.organisations().choices().await.expect("choices");
    assert!(choices.provider);
    assert_eq!(choices.organisations.len(), 1);
    let rows = desk
        .applications()
        .refresh(&|_| {})
        .await
        .expect("the client organisation's applications load");
    let only = &org.sandbox.organisations()[0];
    assert_eq!(rows.rows.len(), ids_in_org(&org, &only.id).await.len());
}
