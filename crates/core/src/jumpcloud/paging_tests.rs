use super::*;
use axum::extract::Query;
use axum::http::header::LINK;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::jumpcloud::{ConnectionOptions, Credentials, Endpoint, RetryPolicy};

use crate::jumpcloud::test_server::{client, serve};

#[derive(Deserialize)]
struct Row {
    id: String,
}

impl Keyed for Row {
    fn key(&self) -> Option<&str> {
        Some(&self.id)
    }
}

type Params = Query<HashMap<String, String>>;

fn number(params: &HashMap<String, String>, key: &str) -> usize {
    params.get(key).and_then(|v| v.parse().ok()).unwrap_or(0)
}

/// `count` rows with distinct ids, starting at `skip`.
fn rows(skip: usize, count: usize) -> Vec<Value> {
    (skip..skip + count)
        .map(|i| json!({ "id": format!("r{i}") }))
        .collect()
}

/// A server whose lists never end, in every way a list can fail to end.
fn endless() -> Router {
    Router::new()
        // Always a full page, never a link.
        .route(
            "/api/v2/endless",
            get(|Query(p): Params| async move {
                Json(rows(number(&p, "skip"), number(&p, "limit")))
            }),
        )
        // Always a full page whose next link is the second page.
        .route(
            "/api/v2/circle",
            get(|Query(p): Params| async move {
                (
                    [(LINK, r#"</api/v2/circle?skip=2&limit=2>; rel="next""#)],
                    Json(rows(number(&p, "skip"), 2)),
                )
                    .into_response()
            }),
        )
        // Five rows over three linked pages: a list that ends.
        .route(
            "/api/v2/linked",
            get(|Query(p): Params| async move {
                let skip = number(&p, "skip");
                if skip >= 4 {
                    return Json(rows(skip, 1)).into_response();
                }
                let next = format!(r#"</api/v2/linked?skip={}&limit=2>; rel="next""#, skip + 2);
                ([(LINK, next)], Json(rows(skip, 2))).into_response()
            }),
        )
        // v1 without a total: always a full page.
        .route(
            "/api/endless",
            get(|Query(p): Params| async move {
                Json(json!({ "results": rows(number(&p, "skip"), number(&p, "limit")) }))
            }),
        )
        // v1 whose total promises ten billion pages.
        .route(
            "/api/vast",
            get(|Query(p): Params| async move {
                Json(json!({
                    "results": rows(number(&p, "skip"), number(&p, "limit")),
                    "totalCount": 1_000_000_000_000u64,
                }))
            }),
        )
}

/// `read` must end within seconds with a paging error whose message says `says`.
async fn ends_in_paging_error<F>(read: F, why: &str, says: &str)
where
    F: std::future::Future<Output = Result<Vec<Row>, Error>>,
{
    let outcome = tokio::time::timeout(Duration::from_secs(30), read)
        .await
        .unwrap_or_else(|_| panic!("a list that {why} must end, not run forever"));
    match outcome {
        Err(Error::Decode { path, message }) => {
            assert_eq!(path, "(paging)", "{message}");
            assert!(
                message.contains("SSO Desk stopped reading it") && message.contains(says),
                "a list that {why} is stopped for that reason ({says}): {message}"
            );
        }
        Err(other) => panic!("a list that {why} ends in a paging error, got {other:?}"),
        Ok(rows) => panic!("a list that {why} was read as {} rows", rows.len()),
    }
}

#[tokio::test]
async fn endless_full_pages_end_at_the_page_cap() {
    let base = serve(endless()).await;
    let client = client(&base, 2);
    ends_in_paging_error(
        client.list_v2_within::<Row>("/api/v2/endless", &[], &no_progress, 5),
        "never sends a short page (v2)",
        "did not end after 5 pages",
    )
    .await;
    ends_in_paging_error(
        client.list_v1_within::<Row>("/api/endless", &[], &no_progress, 5),
        "never sends a short page (v1, no total)",
        "did not end after 5 pages",
    )
    .await;
}

#[tokio::test]
async fn a_total_past_the_page_cap_is_refused_at_once() {
    let base = serve(endless()).await;
    let client = client(&base, 100);
    ends_in_paging_error(
        client.list_v1::<Row>("/api/vast", &[], &no_progress),
        "claims ten billion pages",
        "did not end after 10000 pages",
    )
    .await;
}

#[tokio::test]
async fn a_next_link_that_repeats_ends_the_list() {
    let base = serve(endless()).await;
    let client = client(&base, 2);
    ends_in_paging_error(
        client.list_v2::<Row>("/api/v2/circle", &[], &no_progress),
        "links back to a page already read",
        "a page already read as its next page",
    )
    .await;
    let ids: Vec<String> = client
        .list_v2::<Row>("/api/v2/linked", &[], &no_progress)
        .await
        .expect("a linked list that ends is read")
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(
        ids,
        ["r0", "r1", "r2", "r3", "r4"],
        "following distinct links reads every row once"
    );
}

mod properties {
    use super::*;
    use proptest::prelude::*;
    use reqwest::header::{HeaderMap, HeaderValue};

    const BASE: &str = "https://console.jumpcloud.com";

    /// Link targets that look like the connection's origin and are not, and some that are.
    fn target() -> impl Strategy<Value = String> {
        let scheme = prop::sample::select(vec![
            "", "//", "https://", "http://", "HTTPS://", "https:", "ftp://", "\\\\",
        ]);
        let host = prop::sample::select(vec![
            "",
            "console.jumpcloud.com",
            "CONSOLE.JumpCloud.com",
            "console.jumpcloud.com.",
            "console.jumpcloud.com.evil.example",
            "evil.example",
            "console.jumpcloud.com@evil.example",
            "evil.example@console.jumpcloud.com",
            "127.0.0.1",
            "[::1]",
            "console%2Ejumpcloud.com",
        ]);
        let port = prop::sample::select(vec!["", ":443", ":444", ":0", ":99999", ":"]);
        let path = prop::sample::select(vec![
            "",
            "/",
            "/api/v2/usergroups?skip=200",
            "/..//evil.example/",
            "\\evil.example",
            "%2F%2Fevil.example",
            "?skip=1",
            "#frag",
        ]);
        prop_oneof![
            (scheme, host, port, path).prop_map(|(s, h, p, x)| format!("{s}{h}{p}{x}")),
            any::<String>(),
        ]
    }

    /// Whole `Link` header values: well-formed ones around `target()`, and any text.
    fn link_value() -> impl Strategy<Value = String> {
        let rel = prop::sample::select(vec![
            r#"rel="next""#,
            "rel=next",
            r#" REL="NEXT" "#,
            r#"rel="prev""#,
            "",
        ]);
        prop_oneof![
            (target(), rel.clone(), target(), rel)
                .prop_map(|(a, ra, b, rb)| format!("<{a}>; {ra}, <{b}>; {rb}")),
            "[<>;,= \"a-z/:.]{0,60}",
            any::<String>(),
        ]
    }

    /// One client for every case: building one per case would dominate a long run.
    fn shared_client() -> &'static Client {
        static CLIENT: std::sync::OnceLock<Client> = std::sync::OnceLock::new();
        CLIENT.get_or_init(|| client(BASE, 100))
    }

    proptest! {
        #[test]
        fn next_links_never_leave_the_origin(values in prop::collection::vec(link_value(), 0..3)) {
            let client = shared_client();
            let mut headers = HeaderMap::new();
            for value in &values {
                if let Ok(value) = HeaderValue::from_str(value) {
                    headers.append(reqwest::header::LINK, value);
                }
            }
            if let Some(next) = client.next_page(&headers) {
                let url = url::Url::parse(&next).expect("an absolute URL");
                prop_assert_eq!(
                    url.origin(),
                    url::Url::parse(BASE).expect("base").origin(),
                    "{:?} led to {}", values, next
                );
            }
        }
    }
}

/// A v1 list of 40 rows whose pages take 20 ms, counting the requests in flight at once.
fn slow_counted(in_flight: Arc<AtomicUsize>, most: Arc<AtomicUsize>) -> Router {
    Router::new().route(
        "/api/slow",
        get(move |Query(p): Params| {
            let (in_flight, most) = (in_flight.clone(), most.clone());
            async move {
                let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(20)).await;
                in_flight.fetch_sub(1, Ordering::SeqCst);
                let skip = number(&p, "skip");
                let count = number(&p, "limit").min(40usize.saturating_sub(skip));
                Json(json!({ "results": rows(skip, count), "totalCount": 40 }))
            }
        }),
    )
}

#[tokio::test]
async fn reads_started_together_share_the_connections_limit_of_requests_in_flight() {
    let (in_flight, most) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let base = serve(slow_counted(in_flight, most.clone())).await;
    let client = Client::new(
        &Endpoint::Custom(base),
        Credentials::api_key("test-key"),
        ConnectionOptions {
            page_size: 2,
            page_concurrency: 3,
            retry: RetryPolicy::never(),
            ..ConnectionOptions::default()
        },
    )
    .expect("a client");
    // Three lists of 20 pages, and ten more read eight at a time, all at once.
    let lists = futures_util::future::try_join_all(
        (0..3).map(|_| client.list_v1::<Row>("/api/slow", &[], &no_progress)),
    );
    let more = read_each(0..10, 8, &no_progress, |_| {
        client.list_v1::<Row>("/api/slow", &[], &no_progress)
    });
    let (lists, more) = tokio::try_join!(lists, more).expect("every read succeeds");
    assert!(
        lists.iter().chain(&more).all(|rows| rows.len() == 40),
        "each list is whole"
    );
    let most = most.load(Ordering::SeqCst);
    assert_eq!(
        most, 3,
        "never more than the limit in flight, and the limit used"
    );
}

#[tokio::test]
async fn read_each_answers_in_item_order_whatever_order_the_reads_finish_in() {
    let answers = read_each(0u64..8, 8, &no_progress, |i| async move {
        // Later items finish first.
        tokio::time::sleep(Duration::from_millis(40 - i * 5)).await;
        Ok::<_, Error>(i)
    })
    .await
    .expect("no read fails");
    assert_eq!(answers, (0..8).collect::<Vec<_>>());
}
