//! Reading an answer's body with a cap, so a server that sends too much (or never stops) costs a
//! typed error instead of the app's memory. Every read of a body in the client goes through
//! [`read_capped`]: the API's answers (up to [`MAX_BODY_BYTES`]) and a service account's token
//! answer (a smaller cap of its own).

use super::error::Error;

/// The largest answer body read. A page of 100 applications is a few hundred kilobytes; this
/// leaves two orders of magnitude of room and still stops a runaway answer long before it hurts.
pub(crate) const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

/// A body read up to a limit.
pub(crate) struct Capped {
    /// The body, or its first `limit` bytes when it was longer.
    pub bytes: Vec<u8>,
    /// The body was longer than the limit (or said so in `Content-Length`).
    pub over: bool,
}

/// Reads `response`'s body chunk by chunk, stopping as soon as it passes `limit` bytes.
pub(crate) async fn read_capped(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<Capped, reqwest::Error> {
    if response
        .content_length()
        .is_some_and(|n| n > u64::try_from(limit).unwrap_or(u64::MAX))
    {
        return Ok(Capped {
            bytes: Vec::new(),
            over: true,
        });
    }
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        let room = limit - bytes.len();
        if chunk.len() > room {
            bytes.extend_from_slice(&chunk[..room]);
            return Ok(Capped { bytes, over: true });
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(Capped { bytes, over: false })
}

/// The error for an answer longer than `limit` bytes.
pub(crate) fn too_large(limit: usize) -> Error {
    const MIB: usize = 1024 * 1024;
    let size = if limit >= MIB && limit.is_multiple_of(MIB) {
        format!("{} MiB", limit / MIB)
    } else {
        format!("{limit} bytes")
    };
    Error::Decode {
        path: "(document)".into(),
        message: format!("the answer is larger than {size}; SSO Desk stopped reading it"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::{Body, Bytes};
    use axum::routing::get;
    use futures_util::{stream, StreamExt};
    use std::convert::Infallible;

    /// `chunks` chunks of `size` bytes each, streamed without a `Content-Length`.
    fn streamed(chunks: usize, size: usize, tail: &'static [u8]) -> Body {
        let body = stream::iter((0..chunks).map(move |_| Bytes::from(vec![b' '; size])))
            .chain(stream::iter([Bytes::from_static(tail)]))
            .map(Ok::<_, Infallible>);
        Body::from_stream(body)
    }

    /// Serves `app` on a loopback port until the test ends; the base URL that reaches it.
    async fn serve(app: axum::Router) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a loopback port");
        let addr = listener.local_addr().expect("its address");
        tokio::spawn(async move { axum::serve(listener, app).await });
        format!("http://{addr}")
    }

    #[tokio::test]
    async fn bodies_are_read_up_to_the_limit_only() {
        let base = serve(
            axum::Router::new()
                .route("/sized", get(|| async { "0123456789" }))
                .route("/streamed", get(|| async { streamed(100, 1000, b"[]") })),
        )
        .await;
        crate::jumpcloud::install_tls();
        let http = reqwest::Client::new();
        let read = |path: &'static str, limit: usize| {
            let http = http.clone();
            let base = base.clone();
            async move {
                let response = http
                    .get(format!("{base}{path}"))
                    .send()
                    .await
                    .expect("the test server answers");
                read_capped(response, limit).await.expect("a body")
            }
        };
        let exact = read("/sized", 10).await;
        assert!(!exact.over, "a body of exactly the limit is complete");
        assert_eq!(exact.bytes, b"0123456789");
        let over = read("/sized", 9).await;
        assert!(over.over, "Content-Length past the limit is refused");
        let streamed_over = read("/streamed", 5_000).await;
        assert!(streamed_over.over, "a streamed body past the limit stops");
        assert_eq!(streamed_over.bytes.len(), 5_000, "and keeps only the limit");
        let whole = read("/streamed", 100_002).await;
        assert!(!whole.over);
        assert_eq!(whole.bytes.len(), 100_002);
    }
}
