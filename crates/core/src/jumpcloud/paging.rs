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
    let mut read = read;
    // Unordered, so one slow read does not hold back the ones behind it; put back in order below.
    let mut reads = stream::iter(items.into_iter().enumerate())
        .map(|(i, item)| {
            let answer = read(item);
            async move { (i, answer.await) }
        })
        .buffer_unordered(concurrency.max(1));
    while let Some((i, answer)) = reads.next().await {
        answers.push((i, answer?));
        let done = to_u32(answers.len());
        on_progress(Progress {
            pages_done: done,
            pages_total: Some(total),
            items_done: done,
            items_total: Some(total),
        });
    }
    answers.sort_unstable_by_key(|(i, _)| *i);
    Ok(answers.into_iter().map(|(_, answer)| answer).collect())
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
#[path = "paging_tests.rs"]
mod tests;
