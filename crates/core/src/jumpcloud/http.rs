//! One request to JumpCloud, sent politely: credentials attached, the whole answer read, a
//! non-success status turned into a typed [`Error`], and transient failures retried when the
//! request is safe to repeat (see [`super::retry`]).
//!
//! Every request goes through [`Client::execute`]. It knows whether a failure is *ambiguous*
//! (the server may have acted before the answer was lost: a reset after sending, a timeout, a
//! 5xx, an answer cut off after a 2xx), which is what the create path needs to avoid making two
//! copies of an application.
//!
//! An answer body is read in chunks and never past [`MAX_BODY_BYTES`] (see [`super::body`]): a
//! server that sends more (or never stops) gets a typed [`Error::Decode`] instead of the app's
//! memory.

use super::auth::AuthHeader;
use super::body::{read_capped, too_large, MAX_BODY_BYTES};
use super::error::Error;
use super::retry::{is_transient, parse_retry_after, Repeat};
use super::Client;
use reqwest::header::{HeaderMap, ACCEPT, CONTENT_TYPE, RETRY_AFTER};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// A request, before credentials.
pub(crate) struct Call<'a> {
    pub method: Method,
    /// Absolute URL (already joined to the base).
    pub url: String,
    pub query: Vec<(&'static str, String)>,
    pub body: Option<&'a Value>,
    pub repeat: Repeat,
}

impl<'a> Call<'a> {
    pub(crate) fn get(client: &Client, path: &str) -> Self {
        Self::new(client, Method::GET, path, None, Repeat::Safe)
    }

    pub(crate) fn new(
        client: &Client,
        method: Method,
        path: &str,
        body: Option<&'a Value>,
        repeat: Repeat,
    ) -> Self {
        Self {
            method,
            url: client.url(path),
            query: Vec::new(),
            body,
            repeat,
        }
    }

    pub(crate) fn query(mut self, key: &'static str, value: impl Into<String>) -> Self {
        self.query.push((key, value.into()));
        self
    }
}

/// A successful answer, read completely.
pub(crate) struct Answer {
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

/// A failed request and whether the server may nevertheless have carried it out.
#[derive(Debug)]
pub(crate) struct Failure {
    pub error: Error,
    pub ambiguous: bool,
}

impl From<Failure> for Error {
    fn from(f: Failure) -> Self {
        f.error
    }
}

/// Why decoding failed, and whether the body looked cut off (worth fetching again).
pub(crate) struct DecodeFailure {
    pub error: Error,
    pub truncated: bool,
}

/// Decodes JSON, naming the path of the first field that did not fit.
///
/// A body is decoded once as it is; only one that fails is decoded again, tracking the path, to
/// say where. Tracking every field of every body (a key copied for each one) was a large part
/// of the client's time on a long list.
pub(crate) fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, DecodeFailure> {
    if let Ok(value) = serde_json::from_slice(body) {
        return Ok(value);
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    let result: Result<T, _> = serde_path_to_error::deserialize(&mut de);
    let value = result.map_err(|e| {
        let inner = e.inner();
        DecodeFailure {
            truncated: inner.is_eof() || inner.is_syntax(),
            error: Error::Decode {
                path: display_path(&e.path().to_string()),
                message: inner.to_string(),
            },
        }
    })?;
    de.end().map_err(|e| DecodeFailure {
        truncated: true,
        error: Error::Decode {
            path: "(end)".into(),
            message: e.to_string(),
        },
    })?;
    Ok(value)
}

fn display_path(path: &str) -> String {
    if path == "." || path.is_empty() {
        "(document)".to_owned()
    } else {
        path.to_owned()
    }
}

impl Client {
    /// Sends `call`, retrying transient failures as its [`Repeat`] allows, and hands the answer
    /// to `parse`. A parse failure on a cut-off body counts as transient for safe requests.
    pub(crate) async fn execute<T>(
        &self,
        call: &Call<'_>,
        parse: impl Fn(&Answer) -> Result<T, DecodeFailure>,
    ) -> Result<T, Failure> {
        let policy = &self.inner.options.retry;
        let mut attempt: u32 = 0;
        let mut reauthenticated = false;
        loop {
            attempt += 1;
            let (failure, retry) = match self.attempt(call).await {
                Ok(answer) => match parse(&answer) {
                    Ok(value) => return Ok(value),
                    Err(d) => {
                        // The server answered 2xx, so a POST did happen.
                        let retry = d.truncated && call.repeat == Repeat::Safe;
                        (
                            Failure {
                                error: d.error,
                                ambiguous: true,
                            },
                            retry,
                        )
                    }
                },
                Err((error, sent)) => {
                    if matches!(error, Error::Unauthorized { .. })
                        && self.inner.auth.is_service_account()
                        && !reauthenticated
                    {
                        // The token may have been revoked or expired early: one fresh token,
                        // one more try. A 401 means the server did not act, so even a POST may.
                        reauthenticated = true;
                        self.inner.auth.invalidate();
                        attempt -= 1;
                        continue;
                    }
                    // `attempt` fails with `Decode` only for a 2xx answer too large to read: the
                    // server acted on the request.
                    let ambiguous = sent
                        && matches!(
                            error,
                            Error::Network { .. }
                                | Error::Timeout
                                | Error::Server { .. }
                                | Error::Decode { .. }
                        );
                    let retry = match call.repeat {
                        Repeat::Safe => is_transient(&error),
                        // Not acted on: rate limited, or the connection never came up.
                        Repeat::Once => {
                            matches!(error, Error::RateLimited { .. })
                                || (!sent && matches!(error, Error::Network { .. }))
                        }
                    };
                    (Failure { error, ambiguous }, retry)
                }
            };
            if !retry || attempt >= policy.max_attempts {
                return Err(failure);
            }
            let retry_after = match &failure.error {
                Error::RateLimited { retry_after, .. } => *retry_after,
                _ => None,
            };
            let wait = policy.delay(attempt, retry_after);
            tracing::debug!(
                method = %call.method,
                url = %call.url,
                attempt,
                code = failure.error.code(),
                wait_ms = wait.as_millis() as u64,
                "retrying JumpCloud request"
            );
            tokio::time::sleep(wait).await;
        }
    }

    /// One attempt. On failure, also says whether the request may have reached the server.
    async fn attempt(&self, call: &Call<'_>) -> Result<Answer, (Error, bool)> {
        let inner = &self.inner;
        let auth = inner
            .auth
            .header(&inner.http, &inner.base)
            .await
            .map_err(|e| (e, false))?;
        let request = self.request(call, &auth).map_err(|e| (e, false))?;
        // Held until the body is read; never across a retry's wait. The semaphore is never
        // closed, so acquiring fails only if it were.
        let _permit = inner.in_flight.acquire().await.map_err(|e| {
            (
                Error::Setup {
                    message: e.to_string(),
                },
                false,
            )
        })?;
        let response = inner.http.execute(request).await.map_err(|e| {
            let sent = !e.is_connect();
            (Error::from_transport(&e), sent)
        })?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = read_capped(response, MAX_BODY_BYTES)
            .await
            .map_err(|e| (Error::from_transport(&e), true))?;
        if (200..300).contains(&status) {
            if body.over {
                return Err((too_large(MAX_BODY_BYTES), true));
            }
            return Ok(Answer {
                headers,
                body: body.bytes,
            });
        }
        // An error answer is read only for its message; the start of an oversized one will do.
        let retry_after = headers
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(parse_retry_after);
        Err((Error::from_status(status, retry_after, &body.bytes), true))
    }

    /// The request for `call`, credentials attached.
    fn request(&self, call: &Call<'_>, auth: &AuthHeader) -> Result<reqwest::Request, Error> {
        let inner = &self.inner;
        let (name, value) = auth.to_header()?;
        let mut request = inner
            .http
            .request(call.method.clone(), &call.url)
            .header(ACCEPT, "application/json")
            .header(name, value);
        if !call.query.is_empty() {
            request = request.query(&call.query);
        }
        if let Some(org) = self.org_id() {
            request = request.header("x-org-id", org);
        }
        if let Some(body) = call.body {
            let bytes = serde_json::to_vec(body).map_err(|e| Error::Setup {
                message: format!("could not encode the request: {e}"),
            })?;
            request = request.header(CONTENT_TYPE, "application/json").body(bytes);
        }
        // Fails only on a header value that cannot be sent (an org id with a line break); the
        // message names no header value.
        request.build().map_err(|_| Error::Setup {
            message: "the request could not be built: a header holds characters that cannot be \
                      sent (check the organisation id)"
                .into(),
        })
    }

    /// GET and decode, with retries.
    pub(crate) async fn get_json<T: DeserializeOwned>(&self, call: &Call<'_>) -> Result<T, Error> {
        Ok(self.execute(call, |a| decode(&a.body)).await?)
    }
}

/// The `rel="next"` target of a `Link` header, if any.
pub(crate) fn next_link(headers: &HeaderMap) -> Option<String> {
    for value in headers.get_all(reqwest::header::LINK) {
        let Ok(text) = value.to_str() else { continue };
        for part in text.split(',') {
            let mut pieces = part.split(';');
            let Some(target) = pieces.next() else {
                continue;
            };
            let target = target.trim();
            let is_next = pieces.any(|p| {
                let p = p.trim().to_ascii_lowercase();
                p == "rel=\"next\"" || p == "rel=next"
            });
            if is_next && target.starts_with('<') && target.ends_with('>') {
                return Some(target[1..target.len() - 1].to_owned());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;
    use axum::body::{Body, Bytes};
    use axum::routing::get;
    use futures_util::{stream, StreamExt};
    use reqwest::header::{HeaderValue, AUTHORIZATION};
    use std::convert::Infallible;
    use std::time::Duration;

    use crate::jumpcloud::test_server::{client, serve};

    #[test]
    fn credential_headers_of_a_request_are_sensitive() {
        let client = client("http://127.0.0.1:9", 100);
        let call = Call::get(&client, "/api/systemusers");
        let request = client
            .request(&call, &AuthHeader::ApiKey(Secret::new("jc-key")))
            .expect("a request");
        let key = request.headers().get("x-api-key").expect("the key is sent");
        assert!(
            key.is_sensitive(),
            "the API key header must be marked sensitive"
        );
        let request = client
            .request(&call, &AuthHeader::Bearer(Secret::new("token")))
            .expect("a request");
        let bearer = request
            .headers()
            .get(AUTHORIZATION)
            .expect("the token is sent");
        assert!(
            bearer.is_sensitive(),
            "the bearer token header must be marked sensitive"
        );
    }

    /// `chunks` chunks of `size` bytes each, streamed without a `Content-Length`.
    fn streamed(chunks: usize, size: usize, tail: &'static [u8]) -> Body {
        let body = stream::iter((0..chunks).map(move |_| Bytes::from(vec![b' '; size])))
            .chain(stream::iter([Bytes::from_static(tail)]))
            .map(Ok::<_, Infallible>);
        Body::from_stream(body)
    }

    #[tokio::test]
    async fn an_answer_past_the_body_cap_is_a_decode_error() {
        // 65 MiB of white space and then a valid empty list: valid JSON, but too much of it.
        let chunk = 64 * 1024;
        let chunks = MAX_BODY_BYTES / chunk + 16;
        let base = serve(axum::Router::new().route(
            "/api/v2/huge",
            get(move || async move { streamed(chunks, chunk, b"[]") }),
        ))
        .await;
        let client = client(&base, 100);
        let answer = tokio::time::timeout(
            Duration::from_secs(120),
            client.get_json::<Vec<serde_json::Value>>(&Call::get(&client, "/api/v2/huge")),
        )
        .await
        .expect("the read ends");
        match answer {
            Err(Error::Decode { message, .. }) => assert!(
                message.contains("64 MiB"),
                "the message says what the limit is: {message}"
            ),
            other => panic!("an oversized answer must be refused, got {other:?}"),
        }
    }

    #[test]
    fn decode_names_the_failing_path() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Page {
            results: Vec<Item>,
        }
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Item {
            name: String,
        }
        let failure = decode::<Page>(br#"{"results": [{"name": "a"}, {"name": 5}]}"#)
            .expect_err("a number is not a name");
        match failure.error {
            Error::Decode { path, .. } => assert_eq!(path, "results[1].name"),
            other => panic!("expected a decode error, got {other:?}"),
        }
        assert!(!failure.truncated, "a wrong type is not a cut-off body");
        let cut = decode::<Page>(br#"{"results": [{"name": "a"}, {"na"#).expect_err("cut off");
        assert!(
            cut.truncated,
            "an early end of input is worth fetching again"
        );
    }

    #[test]
    fn link_header_next() {
        let mut headers = HeaderMap::new();
        headers.insert(
            reqwest::header::LINK,
            HeaderValue::from_static(r#"<https://x/api/v2/usergroups?skip=0>; rel="prev", <https://x/api/v2/usergroups?skip=200>; rel="next""#),
        );
        assert_eq!(
            next_link(&headers).as_deref(),
            Some("https://x/api/v2/usergroups?skip=200")
        );
        assert_eq!(next_link(&HeaderMap::new()), None);
    }
}
