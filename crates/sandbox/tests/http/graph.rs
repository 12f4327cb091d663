//! Associations between applications and user groups or users bound directly, members, and
//! traversals with paths.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sso_desk_sandbox::sample::{
    DIRECTLY_BOUND_USER_ID, NESTED_GROUP_ID, READINESS_DEMO_APP_ID, READINESS_DEMO_GROUP_ID,
};

use crate::common::{ids, start, Env};

fn find<'a>(list: &'a Value, id: &str) -> Option<&'a Value> {
    list.as_array()?
        .iter()
        .find(|x| x["id"] == id || x["to"]["id"] == id)
}

fn hops(path: &Value) -> Vec<String> {
    path.as_array()
        .expect("a path")
        .iter()
        .map(|c| c["to"]["id"].as_str().unwrap_or("").to_string())
        .collect()
}

async fn all(env: &Env, path: &str) -> Value {
    let mut out = Vec::new();
    loop {
        let sep = if path.contains('?') { '&' } else { '?' };
        let page = env
            .ok(&format!("{path}{sep}limit=100&skip={}", out.len()))
            .await;
        let items = page.as_array().expect("a bare array").clone();
        let n = items.len();
        out.extend(items);
        if n < 100 {
            return Value::Array(out);
        }
    }
}

#[tokio::test]
async fn add_and_remove_associations_both_ways() {
    let env = start().await;
    let app = READINESS_DEMO_APP_ID;
    let group = "5f0000000003000000000007";
    let assoc = format!("/api/v2/applications/{app}/associations?targets=user_group");
    let listed = env.ok(&assoc).await;
    assert!(
        find(&listed, READINESS_DEMO_GROUP_ID).is_some(),
        "the seeded binding is listed: {listed}"
    );
    assert!(find(&listed, group).is_none());
    let (status, _) = env
        .get(&format!("/api/v2/applications/{app}/associations"))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "targets is required");

    let (status, body) = env
        .send(
            Method::POST,
            &format!("/api/v2/applications/{app}/associations"),
            Some(json!({"op": "add", "type": "user_group", "id": group})),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "add answers 204: {body}");
    assert!(
        find(&env.ok(&assoc).await, group).is_some(),
        "the new binding is listed from the app"
    );
    let from_group = env
        .ok(&format!(
            "/api/v2/usergroups/{group}/associations?targets=application"
        ))
        .await;
    assert!(find(&from_group, app).is_some(), "and from the group");

    let (status, _) = env
        .send(
            Method::POST,
            &format!("/api/v2/usergroups/{group}/associations"),
            Some(json!({"op": "remove", "type": "application", "id": app})),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::NO_CONTENT,
        "remove through the group answers 204"
    );
    assert!(
        find(&env.ok(&assoc).await, group).is_none(),
        "the binding is gone"
    );

    let (status, _) = env
        .send(
            Method::POST,
            &format!("/api/v2/applications/{app}/associations"),
            Some(json!({"op": "add", "type": "user_group", "id": "5f00000000030000000fffff"})),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "binding an unknown group is a 404"
    );
    let (status, _) = env
        .send(
            Method::POST,
            &format!("/api/v2/applications/{app}/associations"),
            Some(json!({"op": "flip", "type": "user_group", "id": group})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "op must be add or remove");
}

#[tokio::test]
async fn traversals_tell_direct_from_nested() {
    let env = start().await;
    let app = READINESS_DEMO_APP_ID;
    let members = all(
        &env,
        &format!("/api/v2/usergroups/{READINESS_DEMO_GROUP_ID}/members"),
    )
    .await;
    let nested = members
        .as_array()
        .expect("list")
        .iter()
        .find(|m| m["to"]["id"] == NESTED_GROUP_ID)
        .expect("the nested group is a member");
    assert_eq!(nested["to"]["type"], "user_group");
    assert!(
        members
            .as_array()
            .expect("list")
            .iter()
            .any(|m| m["to"]["type"] == "user"),
        "users are members too"
    );

    let groups = all(&env, &format!("/api/v2/applications/{app}/usergroups")).await;
    let g = find(&groups, NESTED_GROUP_ID).expect("the nested group reaches the app");
    assert_eq!(
        hops(&g["paths"][0]),
        [READINESS_DEMO_GROUP_ID, NESTED_GROUP_ID],
        "through the bound group"
    );
    let direct = find(&groups, READINESS_DEMO_GROUP_ID).expect("the bound group");
    assert_eq!(
        hops(&direct["paths"][0]).len(),
        1,
        "a bound group is one hop away"
    );

    let apps = all(
        &env,
        &format!("/api/v2/usergroups/{NESTED_GROUP_ID}/applications"),
    )
    .await;
    let inherited = find(&apps, app).expect("the nested group inherits the parent's app");
    assert_eq!(hops(&inherited["paths"][0]), [READINESS_DEMO_GROUP_ID, app]);

    let users = all(&env, &format!("/api/v2/applications/{app}/users")).await;
    let nested_members = all(
        &env,
        &format!("/api/v2/usergroups/{NESTED_GROUP_ID}/members"),
    )
    .await;
    let nested_user = nested_members
        .as_array()
        .expect("list")
        .iter()
        .find(|m| m["to"]["type"] == "user")
        .expect("a user in the nested group");
    let id = nested_user["to"]["id"].as_str().expect("id");
    let u = find(&users, id).expect("a nested group's user reaches the app");
    assert!(
        u["paths"]
            .as_array()
            .expect("paths")
            .iter()
            .any(|p| hops(p) == [READINESS_DEMO_GROUP_ID, NESTED_GROUP_ID, id]),
        "with the nested path: {u}"
    );
    let listed: Vec<String> = ids(&users);
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(
        listed, sorted,
        "traversals are ordered by id so paging is stable"
    );
}

#[tokio::test]
async fn users_bound_directly_are_edges_and_reach_the_app_in_one_hop() {
    let env = start().await;
    let app = READINESS_DEMO_APP_ID;
    let edges = format!("/api/v2/applications/{app}/associations?targets=user");
    let listed = env.ok(&edges).await;
    let seeded = find(&listed, DIRECTLY_BOUND_USER_ID).expect("the seeded direct binding");
    assert_eq!(seeded["to"]["type"], "user", "a user edge: {listed}");
    assert!(
        find(
            &env.ok(&format!("{edges}_group")).await,
            DIRECTLY_BOUND_USER_ID
        )
        .is_none(),
        "user edges are not listed as group edges"
    );
    let users = all(&env, &format!("/api/v2/applications/{app}/users")).await;
    let reached = find(&users, DIRECTLY_BOUND_USER_ID).expect("the direct user reaches the app");
    let paths: Vec<Vec<String>> = reached["paths"]
        .as_array()
        .expect("paths")
        .iter()
        .map(hops)
        .collect();
    assert_eq!(
        paths,
        vec![vec![DIRECTLY_BOUND_USER_ID.to_string()]],
        "one hop, through no group"
    );

    // A user in no group that reaches Slack: bound, listed and reached; unbound, gone.
    let user = "5f0000000004000000000002";
    assert!(find(&users, user).is_none(), "{user} starts without access");
    let change = format!("/api/v2/applications/{app}/associations");
    for _ in 0..2 {
        let (status, body) = env
            .send(
                Method::POST,
                &change,
                Some(json!({"op": "add", "type": "user", "id": user})),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::NO_CONTENT,
            "add answers 204 (twice): {body}"
        );
    }
    let listed = env.ok(&edges).await;
    assert_eq!(
        ids_to(&listed).iter().filter(|id| *id == user).count(),
        1,
        "bound once however often it is added: {listed}"
    );
    let users = all(&env, &format!("/api/v2/applications/{app}/users")).await;
    assert!(
        find(&users, user).is_some(),
        "the bound user now reaches the app"
    );
    let (status, _) = env
        .send(
            Method::POST,
            &change,
            Some(json!({"op": "remove", "type": "user", "id": user})),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert!(find(&env.ok(&edges).await, user).is_none(), "unbound");
    let users = all(&env, &format!("/api/v2/applications/{app}/users")).await;
    assert!(
        find(&users, user).is_none(),
        "and no longer reaches the app"
    );

    let (status, body) = env
        .send(
            Method::POST,
            &change,
            Some(json!({"op": "add", "type": "user", "id": "5f00000000040000000fffff"})),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "binding an unknown user: {body}"
    );
    let (status, _) = env
        .send(
            Method::POST,
            &change,
            Some(json!({"op": "add", "type": "system", "id": user})),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "only users and user groups bind here"
    );
}

fn ids_to(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|e| e["to"]["id"].as_str().unwrap_or("").to_string())
        .collect()
}
