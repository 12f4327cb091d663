//! limit, skip, sort, filter, fields and search, as JumpCloud applies them.

use reqwest::StatusCode;
use serde_json::Value;

use crate::common::{assert_error, ids, start};

#[tokio::test]
async fn limit_edges() {
    let env = start().await;
    let v = env.ok("/api/application-templates").await;
    assert_eq!(
        v["results"].as_array().map(Vec::len),
        Some(10),
        "limit defaults to 10"
    );
    assert_eq!(v["totalCount"], 1000, "totalCount counts the whole catalog");
    let v = env.ok("/api/application-templates?limit=100").await;
    assert_eq!(
        v["results"].as_array().map(Vec::len),
        Some(100),
        "100 is allowed"
    );
    let (status, body) = env.get("/api/application-templates?limit=101").await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "above 100 is refused as JumpCloud does"
    );
    assert_error(&body, 400);
    let v = env.ok("/api/application-templates?limit=0").await;
    assert_eq!(
        v["results"].as_array().map(Vec::len),
        Some(0),
        "limit 0 is an empty page"
    );
    assert_eq!(v["totalCount"], 1000, "with the true total");
    let (status, _) = env.get("/api/v2/usergroups?limit=101").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "v2 caps limit too");
}

#[tokio::test]
async fn skip_past_the_end_is_an_empty_page() {
    let env = start().await;
    let v = env.ok("/api/systemusers?skip=5000").await;
    assert_eq!(v["results"].as_array().map(Vec::len), Some(0));
    assert_eq!(v["totalCount"], 500, "the total does not depend on skip");
    let v = env.ok("/api/systemusers?skip=495&limit=10").await;
    assert_eq!(
        v["results"].as_array().map(Vec::len),
        Some(5),
        "the last page is partial"
    );
    let v = env.ok("/api/v2/usergroups?skip=18&limit=5").await;
    assert_eq!(v.as_array().map(Vec::len), Some(2), "v2 pages a bare array");
}

fn texts(v: &Value, field: &str) -> Vec<String> {
    v["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|d| d[field].as_str().unwrap_or("").to_string())
        .collect()
}

#[tokio::test]
async fn sort_ascending_descending_and_stable() {
    let env = start().await;
    let asc = texts(
        &env.ok("/api/application-templates?sort=displayName&limit=100")
            .await,
        "displayName",
    );
    assert!(
        asc.windows(2).all(|w| w[0] <= w[1]),
        "ascending by displayName: {asc:?}"
    );
    let desc = texts(
        &env.ok("/api/application-templates?sort=-displayName&limit=100")
            .await,
        "displayName",
    );
    assert!(
        desc.windows(2).all(|w| w[0] >= w[1]),
        "descending by displayName"
    );
    // Paging by a key with many ties must neither skip nor repeat, and ties keep insertion order.
    let mut all = Vec::new();
    for page in 0..10 {
        let v = env
            .ok(&format!(
                "/api/application-templates?sort=-beta&limit=100&skip={}",
                page * 100
            ))
            .await;
        all.extend(
            ids(&v).into_iter().zip(
                v["results"]
                    .as_array()
                    .expect("results")
                    .iter()
                    .map(|d| d["beta"] == true),
            ),
        );
    }
    let unique: std::collections::HashSet<_> = all.iter().map(|(id, _)| id.clone()).collect();
    assert_eq!(
        unique.len(),
        1000,
        "every template appears exactly once across pages"
    );
    let firsts: Vec<bool> = all.iter().map(|(_, beta)| *beta).collect();
    assert!(
        firsts.windows(2).all(|w| w[0] >= w[1]),
        "-beta puts beta templates first"
    );
    for group in [true, false] {
        let ids: Vec<&String> = all
            .iter()
            .filter(|(_, b)| *b == group)
            .map(|(id, _)| id)
            .collect();
        assert!(
            ids.windows(2).all(|w| w[0] < w[1]),
            "ties keep insertion (id) order"
        );
    }
    let v = env
        .ok("/api/systemusers?sort=department,-lastname&limit=100")
        .await;
    let rows: Vec<(String, String)> = v["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|u| {
            (
                u["department"].as_str().unwrap_or("").into(),
                u["lastname"].as_str().unwrap_or("").into(),
            )
        })
        .collect();
    assert!(
        rows.windows(2)
            .all(|w| w[0].0 < w[1].0 || (w[0].0 == w[1].0 && w[0].1 >= w[1].1)),
        "comma-separated sort keys"
    );
}

#[tokio::test]
async fn v1_filters() {
    let env = start().await;
    let v = env
        .ok("/api/application-templates?filter=sso.jit:$eq:true&limit=100")
        .await;
    let total = v["totalCount"].as_u64().unwrap_or(0);
    assert!(
        (150..=400).contains(&total),
        "about a quarter of the catalog supports JIT, got {total}"
    );
    assert!(v["results"]
        .as_array()
        .expect("results")
        .iter()
        .all(|t| t["sso"]["jit"] == true));
    let v = env
        .ok("/api/application-templates?filter=keywords:$eq:video")
        .await;
    assert!(
        ids(&v).contains(&sso_desk_sandbox::sample::ZOOM_TEMPLATE_ID.to_string()),
        "array fields match any element"
    );
    let v = env
        .ok("/api/application-templates?filter=name:$in:zoom|slack")
        .await;
    assert_eq!(v["totalCount"], 2, "$in takes |-separated values");
    let v = env
        .ok("/api/application-templates?filter=displayName:$search:ZOO")
        .await;
    assert!(
        texts(&v, "displayName")
            .iter()
            .all(|n| n.to_lowercase().contains("zoo")),
        "$search is a case-insensitive substring"
    );
    let v = env.ok("/api/systemusers?filter=department:$ne:Sales&filter=employeeType:$eq:contractor&limit=100").await;
    assert!(
        v["results"]
            .as_array()
            .expect("results")
            .iter()
            .all(|u| u["department"] != "Sales" && u["employeeType"] == "contractor"),
        "filters combine with AND"
    );
    let (status, body) = env.get("/api/systemusers?filter=lastname:eq:x").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "v1 operators carry a $");
    assert_error(&body, 400);
    let v = env.ok("/api/systemusers?search=hiro&limit=100").await;
    assert!(
        v["totalCount"].as_u64().unwrap_or(0) > 0
            && texts(&v, "firstname").iter().all(|n| n == "Hiro"),
        "v1 search matches string fields"
    );
}

#[tokio::test]
async fn v2_filters_and_fields() {
    let env = start().await;
    let v = env
        .ok("/api/v2/usergroups?filter=name:search:engineering")
        .await;
    assert_eq!(
        v.as_array().map(Vec::len),
        Some(1),
        "v2 search on name: {v}"
    );
    let v = env
        .ok("/api/v2/usergroups?filter=name:eq:Sales%20(sample%20data)&fields=name")
        .await;
    let g = &v[0];
    assert_eq!(g["name"], "Sales (sample data)");
    assert_eq!(
        g.as_object().map(|o| o.len()),
        Some(2),
        "fields keeps only id and the asked fields: {g}"
    );
    let (status, _) = env.get("/api/v2/usergroups?filter=name:$eq:x").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "v2 operators carry no $");
    let v = env
        .ok("/api/application-templates?fields=name%20displayName&limit=3")
        .await;
    for t in v["results"].as_array().expect("results") {
        let keys: Vec<&String> = t.as_object().expect("object").keys().collect();
        assert_eq!(
            keys,
            ["_id", "name", "displayName"],
            "v1 fields are space-separated; _id stays"
        );
    }
}
