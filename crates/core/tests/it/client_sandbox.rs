//! The client against the sandbox over loopback: complete reads, lossless and safe updates,
//! create and delete, groups and their bindings, users and organisations.

use serde_json::json;
use sso_desk_core::edits::json_diff::{diff, PathSegment};
use sso_desk_core::jumpcloud::{
    no_progress, Application, ApplicationFilter, Client, ConnectionOptions, Credentials, Progress,
};
use sso_desk_core::secret::Secret;
use sso_desk_sandbox::SAMPLE_ORG_ID;
use std::sync::Mutex;

use crate::common::{client_for, quick_retries, sandbox, save_conflict, save_ok, Org};

fn options(concurrency: usize) -> ConnectionOptions {
    ConnectionOptions {
        page_concurrency: concurrency,
        ..quick_retries()
    }
}

fn client(org: &Org, concurrency: usize) -> Client {
    let creds = Credentials::ApiKey {
        key: Secret::new(org.key()),
        org_id: Some(SAMPLE_ORG_ID.into()),
    };
    org.client_for(creds, options(concurrency))
}

/// Saves `edited` (a copy of `base`) through the save-with-conflict flow; it must not conflict.
async fn saved(jc: &Client, base: &Application, edited: &Application) -> Application {
    let stored = save_ok(jc, &base.to_value(), &edited.to_value()).await;
    Application::from_json(stored).expect("an application")
}

fn ids(apps: &[Application]) -> Vec<String> {
    apps.iter()
        .filter_map(|a| a.id().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn template_summaries_are_the_templates_without_their_form() {
    let org = sandbox().await;
    let jc = client(&org, 4);
    let full = jc.list_templates(&no_progress).await.expect("templates");
    let summaries = jc
        .list_template_summaries(&no_progress)
        .await
        .expect("summaries");
    assert!(
        full.iter().any(|t| t.config.is_object()),
        "the full read carries each connector's form"
    );
    let without_form: Vec<_> = full
        .into_iter()
        .map(|mut t| {
            t.config = serde_json::Value::Null;
            t
        })
        .collect();
    assert_eq!(
        summaries, without_form,
        "a summary is its template less `config`, every other field intact"
    );
}

#[tokio::test]
async fn application_briefs_give_the_certificate_rows_and_organisation_facts_of_the_complete_list()
{
    let org = sandbox().await;
    let jc = client(&org, 4);
    let full = jc
        .list_applications(&no_progress)
        .await
        .expect("applications");
    let briefs = jc
        .list_application_briefs(&no_progress)
        .await
        .expect("briefs");
    let now = 1_800_000_000;
    let rows = sso_desk_core::desk::certificate_rows(&full, now);
    assert!(
        rows.iter().any(|r| r.health.subject.is_some()),
        "the sample organisation has certificates to read"
    );
    let as_json = |r: &[sso_desk_core::desk::CertificateRow]| serde_json::to_value(r).unwrap();
    assert_eq!(
        as_json(&sso_desk_core::desk::certificate_rows(&briefs, now)),
        as_json(&rows)
    );
    assert_eq!(
        sso_desk_core::organisations::OrgFacts::of(&briefs, now),
        sso_desk_core::organisations::OrgFacts::of(&full, now)
    );
    assert!(
        briefs.iter().all(|b| b
            .config()
            .is_none_or(|c| c.keys().all(|k| k == "idpCertificate"))),
        "a brief keeps no other entry of the form"
    );
}

#[tokio::test]
async fn lists_are_complete_in_order_and_report_progress() {
    let org = sandbox().await;
    let seen: Mutex<Vec<Progress>> = Mutex::new(Vec::new());
    let templates = client(&org, 4)
        .list_templates(&|p| seen.lock().expect("lock").push(p))
        .await
        .expect("templates list");
    let total = org.get("/api/application-templates?limit=1").await["totalCount"].as_u64();
    assert_eq!(
        Some(templates.len() as u64),
        total,
        "every template is read"
    );
    assert!(
        templates.len() > 100,
        "the demo catalogue spans several pages"
    );
    let sequential = client(&org, 1)
        .list_templates(&no_progress)
        .await
        .expect("sequential list");
    assert_eq!(
        templates.iter().map(|t| &t.id).collect::<Vec<_>>(),
        sequential.iter().map(|t| &t.id).collect::<Vec<_>>(),
        "concurrent paging returns the same rows in the same order as sequential paging"
    );
    let seen = seen.into_inner().expect("lock");
    let last = seen.last().expect("progress was reported");
    assert_eq!(
        Some(last.pages_done),
        last.pages_total,
        "the last report says all pages are done"
    );
    assert_eq!(last.items_total, total.map(|t| t as u32));
    assert!(
        seen.windows(2).all(|w| w[0].pages_done < w[1].pages_done),
        "progress only moves forward"
    );

    let apps = client(&org, 4)
        .list_applications(&no_progress)
        .await
        .expect("applications");
    let raw_total = org.get("/api/applications?limit=1").await["totalCount"].as_u64();
    assert_eq!(Some(apps.len() as u64), raw_total);
    let one = client(&org, 4)
        .get_application(apps[0].id().expect("id"))
        .await
        .expect("get one");
    assert_eq!(
        one, apps[0],
        "a listed application equals the one read alone"
    );
    let template = client(&org, 4)
        .get_template(&templates[0].id)
        .await
        .expect("get template");
    assert_eq!(template, templates[0]);
}

#[tokio::test]
async fn an_update_keeps_every_field_it_did_not_edit() {
    let org = sandbox().await;
    let jc = client(&org, 4);
    let apps = jc
        .list_applications(&no_progress)
        .await
        .expect("applications");
    let id = apps[0].id().expect("id").to_owned();
    // The application carries fields SSO Desk has never heard of.
    let mut with_unknowns = org.get(&format!("/api/applications/{id}")).await;
    with_unknowns["fieldFromTheFuture"] = json!({"nested": [1, {"deep": null}], "n": 1.25});
    with_unknowns["config"]["unmodelledSetting"] = json!({"type": "text", "value": "keep me"});
    org.put(&id, &with_unknowns).await;
    let original = org.get(&format!("/api/applications/{id}")).await;

    let base = jc.get_application(&id).await.expect("get");
    let mut edited = base.clone();
    edited.set_display_label("Renamed by SSO Desk");
    let saved = saved(&jc, &base, &edited).await;
    assert_eq!(saved.display_label(), Some("Renamed by SSO Desk"));

    let after = org.get(&format!("/api/applications/{id}")).await;
    let changes = diff(&original, &after);
    assert_eq!(
        changes.len(),
        1,
        "only the edited field may differ: {changes:#?}"
    );
    assert_eq!(
        changes[0].path,
        vec![PathSegment::Key("displayLabel".into())]
    );
}

#[tokio::test]
async fn concurrent_edits_merge_or_conflict_and_a_conflict_writes_nothing() {
    let org = sandbox().await;
    let jc = client(&org, 4);
    let id = jc.list_applications(&no_progress).await.expect("apps")[0]
        .id()
        .expect("id")
        .to_owned();
    let base = jc.get_application(&id).await.expect("get");

    // Someone changes the description in the console; the admin changes the label: both stay.
    let mut theirs = base.to_value();
    theirs["description"] = json!("changed in the console");
    org.put(&id, &theirs).await;
    let mut mine = base.clone();
    mine.set_display_label("Mine");
    let merged = saved(&jc, &base, &mine).await;
    assert_eq!(
        merged.description(),
        Some("changed in the console"),
        "their edit survives"
    );
    assert_eq!(merged.display_label(), Some("Mine"), "my edit is applied");

    // Now both change the label: a conflict carrying both values, and the server keeps theirs.
    let base = jc.get_application(&id).await.expect("get");
    let mut theirs = base.to_value();
    theirs["displayLabel"] = json!("Theirs");
    org.put(&id, &theirs).await;
    let mut mine = base.clone();
    mine.set_display_label("Also mine");
    let (met, conflicts) = save_conflict(&jc, &base.to_value(), &mine.to_value()).await;
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].mine, Some(json!("Also mine")));
    assert_eq!(conflicts[0].theirs, Some(json!("Theirs")));
    assert_eq!(
        met["displayLabel"], "Theirs",
        "the conflict carries the copy it met"
    );
    let stored = org.get(&format!("/api/applications/{id}")).await;
    assert_eq!(
        stored["displayLabel"], "Theirs",
        "a conflict writes nothing"
    );
}

#[tokio::test]
async fn create_find_and_delete_an_application() {
    let org = sandbox().await;
    let jc = client(&org, 4);
    let templates = jc.list_templates(&no_progress).await.expect("templates");
    let template = templates
        .iter()
        .find(|t| t.sso.kind.is_some())
        .unwrap_or(&templates[0]);
    let draft = Application::new_from_template(template, "Created by a test");
    let created = jc.create_application(&draft).await.expect("create");
    let id = created.id().expect("the server assigns an id").to_owned();
    assert_eq!(
        created.name(),
        Some(template.name.as_str()),
        "linked to its template by name"
    );

    let filter = ApplicationFilter {
        name: Some(template.name.clone()),
        display_label: Some("Created by a test".into()),
    };
    assert_eq!(
        ids(&jc.find_applications(&filter).await.expect("find")),
        vec![id.clone()]
    );

    jc.delete_application(&id).await.expect("delete");
    let gone = jc.get_application(&id).await.expect_err("deleted");
    assert_eq!(gone.code(), "not_found");
    jc.delete_application(&id)
        .await
        .expect("deleting again is not an error");
}

#[tokio::test]
async fn bind_and_unbind_a_group() {
    let org = sandbox().await;
    let jc = client(&org, 4);
    let groups = jc.list_user_groups(&no_progress).await.expect("groups");
    let raw_groups = org.get("/api/v2/usergroups?limit=100").await;
    assert_eq!(
        groups.len(),
        raw_groups.as_array().map_or(0, Vec::len),
        "every group is read"
    );
    let group = &groups[0];
    assert_eq!(
        jc.get_user_group(&group.id).await.expect("get group"),
        *group
    );

    let apps = jc.list_applications(&no_progress).await.expect("apps");
    let bound_before: Vec<String> = jc
        .group_applications(&group.id)
        .await
        .expect("traversal")
        .into_iter()
        .map(|a| a.id)
        .collect();
    let app = apps
        .iter()
        .find(|a| {
            a.id()
                .is_some_and(|id| !bound_before.iter().any(|b| b == id))
        })
        .expect("an application the group is not bound to");
    let app_id = app.id().expect("id");

    jc.bind_group(app_id, &group.id).await.expect("bind");
    jc.bind_group(app_id, &group.id)
        .await
        .expect("binding twice is fine");
    let reach = jc.group_applications(&group.id).await.expect("traversal");
    let found = reach
        .iter()
        .find(|a| a.id == app_id)
        .expect("the group now opens the application");
    assert!(found.direct, "a direct binding is direct");
    let edges = jc
        .group_associations(&group.id)
        .await
        .expect("associations");
    assert!(edges
        .iter()
        .any(|e| e.to.id == app_id && e.to.kind == "application"));
    let groups_of_app = jc.application_groups(app_id).await.expect("groups of app");
    assert!(groups_of_app.iter().any(|g| g.id == group.id));
    let edges = jc
        .application_associations(app_id)
        .await
        .expect("app associations");
    assert!(edges.iter().any(|e| e.to.id == group.id));

    jc.unbind_group(app_id, &group.id).await.expect("unbind");
    jc.unbind_group(app_id, &group.id)
        .await
        .expect("unbinding twice is fine");
    let reach = jc.group_applications(&group.id).await.expect("traversal");
    assert!(!reach.iter().any(|a| a.id == app_id), "the binding is gone");
}

#[tokio::test]
async fn users_members_and_organisations() {
    let org = sandbox().await;
    let jc = client(&org, 4);
    let users = jc.list_users(&no_progress).await.expect("users");
    let total = org.get("/api/systemusers?limit=1").await["totalCount"].as_u64();
    assert_eq!(Some(users.len() as u64), total, "every user is read");
    assert!(users.iter().all(|u| !u.id.is_empty()), "ids are read");
    assert!(users.iter().any(|u| u.email.is_some()), "emails are read");
    let one = jc.get_user(&users[0].id).await.expect("get user");
    assert_eq!(one.id, users[0].id);

    let groups = jc.list_user_groups(&no_progress).await.expect("groups");
    let mut members_seen = 0;
    for g in groups.iter().take(5) {
        let members = jc
            .group_members(&g.id, &no_progress)
            .await
            .expect("members");
        assert!(
            members
                .iter()
                .all(|m| m.to.kind == "user" || m.to.kind == "user_group"),
            "members are users or nested groups"
        );
        members_seen += members.iter().filter(|m| m.to.kind == "user").count();
    }
    assert!(members_seen > 0, "the sample groups have users as members");

    let apps = jc.list_applications(&no_progress).await.expect("apps");
    let mut reached = 0;
    for app in apps.iter().take(10) {
        let access = jc
            .application_users(app.id().expect("id"), &no_progress)
            .await
            .expect("users of app");
        reached += access
            .iter()
            .filter(|a| !a.via_groups.is_empty() || a.direct)
            .count();
    }
    assert!(
        reached > 0,
        "some users reach applications, directly or through groups"
    );

    let orgs = jc
        .list_organizations(&no_progress)
        .await
        .expect("organisations");
    assert_eq!(
        orgs.iter().map(|o| o.id.as_str()).collect::<Vec<_>>(),
        [SAMPLE_ORG_ID]
    );
    let me = jc.who_am_i().await.expect("who am i");
    assert_eq!(
        me.organization.map(|o| o.id).as_deref(),
        Some(SAMPLE_ORG_ID)
    );
}

#[tokio::test]
async fn wrong_credentials_are_typed_errors() {
    let org = sandbox().await;
    let url = org.url().to_owned();
    let bad = client_for(&url, Credentials::api_key("not-the-key-31337"), options(4));
    let err = bad.who_am_i().await.expect_err("wrong key");
    assert_eq!(err.code(), "unauthorized");
    assert!(
        !format!("{err} {err:?}").contains("not-the-key-31337"),
        "the key is never shown"
    );
    let creds = Credentials::ApiKey {
        key: Secret::new(org.key()),
        org_id: Some("not-an-org".into()),
    };
    let wrong_org = client_for(&url, creds, options(4));
    let err = wrong_org
        .who_am_i()
        .await
        .expect_err("an org the key cannot act on");
    assert!(
        matches!(err.code(), "bad_request" | "forbidden" | "not_found"),
        "a wrong org id is a request error, not a crash: {err}"
    );
}

#[tokio::test]
async fn users_bound_directly_are_read_and_named() {
    use sso_desk_core::applications::direct_users;
    use sso_desk_sandbox::sample::{DIRECTLY_BOUND_USER_ID, READINESS_DEMO_APP_ID};
    let org = sandbox().await;
    let c = client(&org, 4);
    let edges = c
        .application_user_associations(READINESS_DEMO_APP_ID)
        .await
        .expect("user edges");
    let ids: Vec<&str> = edges.iter().map(|e| e.to.id.as_str()).collect();
    assert_eq!(
        ids,
        [DIRECTLY_BOUND_USER_ID],
        "the one seeded direct binding"
    );
    assert_eq!(edges[0].to.kind, "user");

    let direct = direct_users(&c, READINESS_DEMO_APP_ID)
        .await
        .expect("direct users");
    let user = org
        .get(&format!("/api/systemusers/{DIRECTLY_BOUND_USER_ID}"))
        .await;
    assert_eq!(direct.count, 1);
    assert_eq!(direct.named[0].id, DIRECTLY_BOUND_USER_ID);
    assert_eq!(
        direct.named[0].name,
        user["displayname"].as_str().expect("a display name"),
        "named as the directory names them"
    );
    assert_eq!(direct.named[0].email.as_deref(), user["email"].as_str());

    let groups_only = c
        .application_associations(READINESS_DEMO_APP_ID)
        .await
        .expect("group edges");
    assert!(
        groups_only.iter().all(|e| e.to.kind == "user_group"),
        "the group edges hold no user: {groups_only:?}"
    );
}

#[tokio::test]
async fn an_id_of_dots_never_reaches_another_path() {
    let org = sandbox().await;
    let jc = client(&org, 1);
    // `/api/v2/applications/../usergroups` is `/api/v2/usergroups` once a URL parser removes the
    // dot segment: every user group of the organisation, answered as this application's.
    for id in ["..", "%2E%2E", ".%2e"] {
        match jc.application_groups(id).await {
            Err(e) => assert_eq!(e.code(), "not_found", "{id:?}: {e}"),
            Ok(groups) => panic!("{id:?} read another path: {} entries", groups.len()),
        }
    }
    match jc.get_application(".").await {
        Err(e) => assert_eq!(e.code(), "not_found", "{e}"),
        Ok(app) => panic!("\".\" read another path: {:?}", app.id()),
    }
}
