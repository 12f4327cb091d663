//! Reading whole lists, page by page, without skipping or repeating rows.
//!
//! - v1 lists answer `{"results": [...], "totalCount": N}`. The first page tells the total, so the
//!   remaining pages are fetched concurrently (at most `page_concurrency` at once) and put back in
//!   order. Pages are sorted by `_id` so offsets are stable. If the total changes while we read
//!   (someone created or deleted an object meanwhile) the whole list is read once more, because
//!   offsets may have shifted; rows are de-duplicated by id either way.
//! - v2 lists answer a bare array and say nothing about the total, so they are read one page at
//!   a time until a short page, or by following `Link: rel="next"` when the server sends one (only
//!   to the same origin: the key is never sent elsewhere).
//!
//! Every list ends: it is read for at most [`MAX_PAGES`] pages, and a `Link` that points to a
//! page already followed ends it too, each with an [`Error::Decode`] that says why, rather than
//! reading forever from a server that never says it is done.
//!
//! Progress is reported after every page through a callback the caller passes.

use super::error::Error;
use super::http::{decode, next_link, Call, DecodeFailure};
use super::Client;
use futures_util::stream::{self, StreamExt};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// How far a list has come. `pages_total`/`items_total` are known for v1 lists only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    pub pages_done: u32,
    pub pages_total: Option<u32>,
    pub items_done: u32,
    pub items_total: Option<u32>,
}

/// The most pages one list may take: a million rows at JumpCloud's page size of 100, far more
/// than any organisation holds, and finite.
pub(crate) const MAX_PAGES: u32 = 10_000;

/// The error for a list that did not end within `max_pages`.
fn too_many_pages(path: &str, max_pages: u32) -> Error {
    Error::Decode {
        path: "(paging)".into(),
        message: format!(
            "the list {path} did not end after {max_pages} pages; SSO Desk stopped reading it"
        ),
    }
}

/// The error for a `Link: rel="next"` that leads back to a page already read.
fn link_in_circle(path: &str) -> Error {
    Error::Decode {
        path: "(paging)".into(),
        message: format!(
            "the list {path} sent the address of a page already read as its next page; SSO \
             Desk stopped reading it rather than go round in circles"
        ),
    }
}

/// Where progress goes. `&|_| {}` when nobody is watching.
pub type OnProgress<'a> = &'a (dyn Fn(Progress) + Send + Sync);

/// No progress reporting.
pub fn no_progress(_: Progress) {}

/// Runs one read per item, at most `concurrency` at once, and gives the answers back in item
/// order, reporting one step per finished item (for reads JumpCloud offers only one object at a
/// time, such as each group's associations). The first failure ends it.
pub(crate) async fn read_each<T, R, E, Fut>(
    items: impl IntoIterator<Item = T>,
    concurrency: usize,
    on_progress: OnProgress<'_>,
    read: impl FnMut(T) -> Fut,
) -> Result<Vec<R>, E>
where
    Fut: std::future::Future<Output = Result<R, E>>,
{
    let items: Vec<T> = items.into_iter().collect();
    let total = to_u32(items.len());
    let mut answers = Vec::with_capacity(items.len());
    let mut reads = stream::iter(items).map(read).buffered(concurrency.max(1));
    while let Some(answer) = reads.next().await {
        answers.push(answer?);
        let done = to_u32(answers.len());
        on_progress(Progress {
            pages_done: done,
            pages_total: Some(total),
            items_done: done,
            items_total: Some(total),
        });
    }
    Ok(answers)
}

/// Something with an id to de-duplicate by.
pub(crate) trait Keyed {
    fn key(&self) -> Option<&str>;
}

#[derive(Deserialize)]
#[serde(bound = "T: DeserializeOwned")]
struct V1Page<T> {
    #[serde(
        default = "Vec::new",
        deserialize_with = "super::lenient::null_default"
    )]
    results: Vec<T>,
    #[serde(rename = "totalCount", default)]
    total_count: Option<u64>,
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn dedupe<T: Keyed>(items: Vec<T>) -> Vec<T> {
    let mut seen = HashSet::new();
    items
        .into_iter()
        .filter(|item| match item.key() {
            Some(k) => seen.insert(k.to_owned()),
            None => true,
        })
        .collect()
}

/// Decodes one v1 list page (`{results, totalCount}`) exactly as the client does.
#[doc(hidden)]
pub fn decode_v1_page<T: DeserializeOwned>(body: &[u8]) -> Result<(Vec<T>, Option<u64>), Error> {
    let page: V1Page<T> = decode(body).map_err(|d| d.error)?;
    Ok((page.results, page.total_count))
}

/// Decodes one v2 list page (a bare array) exactly as the client does.
#[doc(hidden)]
pub fn decode_v2_page<T: DeserializeOwned>(body: &[u8]) -> Result<Vec<T>, Error> {
    decode(body).map_err(|d| d.error)
}

impl Client {
    async fn v1_page<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&'static str, String)],
        skip: u64,
    ) -> Result<V1Page<T>, Error> {
        let mut call = Call::get(self, path)
            .query("limit", self.inner.options.page_size.to_string())
            .query("skip", skip.to_string())
            .query("sort", "_id");
        call.query.extend(query.iter().cloned());
        self.get_json(&call).await
    }

    /// Every item of a v1 list.
    pub(crate) async fn list_v1<T: DeserializeOwned + Keyed>(
        &self,
        path: &str,
        query: &[(&'static str, String)],
        on_progress: OnProgress<'_>,
    ) -> Result<Vec<T>, Error> {
        self.list_v1_within(path, query, on_progress, MAX_PAGES)
            .await
    }

    /// [`Client::list_v1`], giving up after `max_pages` pages per pass.
    async fn list_v1_within<T: DeserializeOwned + Keyed>(
        &self,
        path: &str,
        query: &[(&'static str, String)],
        on_progress: OnProgress<'_>,
        max_pages: u32,
    ) -> Result<Vec<T>, Error> {
        let mut pass = 0;
        loop {
            pass += 1;
            let (items, consistent) = self
                .list_v1_pass(path, query, on_progress, max_pages)
                .await?;
            if consistent || pass >= 2 {
                return Ok(dedupe(items));
            }
            tracing::debug!(path, "list changed while reading it; reading it again");
        }
    }

    /// One read of a v1 list. Also says whether every page reported the same total.
    async fn list_v1_pass<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&'static str, String)],
        on_progress: OnProgress<'_>,
        max_pages: u32,
    ) -> Result<(Vec<T>, bool), Error> {
        let page_size = u64::from(self.inner.options.page_size.max(1));
        let first: V1Page<T> = self.v1_page(path, query, 0).await?;
        let Some(total) = first.total_count else {
            // No total: fall back to reading until a short page.
            return self
                .v1_sequential(path, query, first.results, on_progress, max_pages)
                .await;
        };
        let pages = total.div_ceil(page_size).max(1);
        if pages > u64::from(max_pages) {
            // Checked before asking for page two: the total alone says the list is too long.
            return Err(too_many_pages(path, max_pages));
        }
        let mut items_done = first.results.len();
        on_progress(Progress {
            pages_done: 1,
            pages_total: Some(u32::try_from(pages).unwrap_or(u32::MAX)),
            items_done: to_u32(items_done),
            items_total: Some(u32::try_from(total).unwrap_or(u32::MAX)),
        });
        let mut pages_out: Vec<(u64, Vec<T>)> = vec![(0, first.results)];
        let mut consistent = true;
        let mut fetches = stream::iter(1..pages)
            .map(|i| async move {
                let page: V1Page<T> = self.v1_page(path, query, i * page_size).await?;
                Ok::<_, Error>((i, page))
            })
            .buffer_unordered(self.inner.options.page_concurrency.max(1));
        let mut pages_done = 1u32;
        while let Some(result) = fetches.next().await {
            let (i, page) = result?;
            if page.total_count != Some(total) {
                consistent = false;
            }
            pages_done += 1;
            items_done += page.results.len();
            on_progress(Progress {
                pages_done,
                pages_total: Some(u32::try_from(pages).unwrap_or(u32::MAX)),
                items_done: to_u32(items_done),
                items_total: Some(u32::try_from(total).unwrap_or(u32::MAX)),
            });
            pages_out.push((i, page.results));
        }
        pages_out.sort_by_key(|(i, _)| *i);
        let items: Vec<T> = pages_out.into_iter().flat_map(|(_, p)| p).collect();
        Ok((items, consistent))
    }

    async fn v1_sequential<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&'static str, String)],
        first: Vec<T>,
        on_progress: OnProgress<'_>,
        max_pages: u32,
    ) -> Result<(Vec<T>, bool), Error> {
        let page_size = self.inner.options.page_size.max(1) as usize;
        let mut short = first.len() < page_size;
        let mut items = first;
        let mut pages_done = 1u32;
        on_progress(Progress {
            pages_done,
            pages_total: None,
            items_done: to_u32(items.len()),
            items_total: None,
        });
        while !short {
            if pages_done >= max_pages {
                return Err(too_many_pages(path, max_pages));
            }
            let page: V1Page<T> = self.v1_page(path, query, items.len() as u64).await?;
            short = page.results.len() < page_size;
            items.extend(page.results);
            pages_done += 1;
            on_progress(Progress {
                pages_done,
                pages_total: None,
                items_done: to_u32(items.len()),
                items_total: None,
            });
        }
        Ok((items, true))
    }

    /// Every item of a v2 list (a bare array per page).
    pub(crate) async fn list_v2<T: DeserializeOwned + Keyed>(
        &self,
        path: &str,
        query: &[(&'static str, String)],
        on_progress: OnProgress<'_>,
    ) -> Result<Vec<T>, Error> {
        self.list_v2_within(path, query, on_progress, MAX_PAGES)
            .await
    }

    /// [`Client::list_v2`], giving up after `max_pages` pages.
    async fn list_v2_within<T: DeserializeOwned + Keyed>(
        &self,
        path: &str,
        query: &[(&'static str, String)],
        on_progress: OnProgress<'_>,
        max_pages: u32,
    ) -> Result<Vec<T>, Error> {
        let page_size = self.inner.options.page_size.max(1) as usize;
        let mut items: Vec<T> = Vec::new();
        let mut pages_done = 0u32;
        let mut next: Option<String> = None;
        // Every next link followed, to notice one that leads back.
        let mut followed: HashSet<String> = HashSet::new();
        loop {
            if pages_done >= max_pages {
                return Err(too_many_pages(path, max_pages));
            }
            let call = match next.take() {
                // The server's own next link carries its own paging parameters.
                Some(url) => Call {
                    url,
                    ..Call::get(self, path)
                },
                None => {
                    let mut call = Call::get(self, path)
                        .query("limit", page_size.to_string())
                        .query("skip", items.len().to_string());
                    call.query.extend(query.iter().cloned());
                    call
                }
            };
            let (page, link): (Vec<T>, Option<String>) = self
                .execute(&call, |answer| {
                    let page = decode::<Vec<T>>(&answer.body)?;
                    Ok::<_, DecodeFailure>((page, self.next_page(&answer.headers)))
                })
                .await?;
            let got = page.len();
            items.extend(page);
            pages_done += 1;
            on_progress(Progress {
                pages_done,
                pages_total: None,
                items_done: to_u32(items.len()),
                items_total: None,
            });
            match link {
                Some(url) if got > 0 => {
                    if !followed.insert(url.clone()) {
                        return Err(link_in_circle(path));
                    }
                    next = Some(url);
                }
                _ if got < page_size => break,
                _ => {}
            }
        }
        Ok(dedupe(items))
    }

    /// The next page a v2 answer points to with `Link: rel="next"`, made absolute, and only if it
    /// is on the connection's own origin (the key is never sent elsewhere).
    fn next_page(&self, headers: &reqwest::header::HeaderMap) -> Option<String> {
        next_link(headers).and_then(|link| self.same_origin(&link))
    }
}

#[cfg(test)]
mod tests {
    use super::super::http::test_support::{client, serve};
    use super::*;
    use axum::extract::Query;
    use axum::http::header::LINK;
    use axum::response::IntoResponse;
    use axum::routing::get;
    use axum::{Json, Router};
    use serde_json::{json, Value};
    use std::collections::HashMap;
    use std::time::Duration;

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
}
