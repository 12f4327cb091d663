//! The fetch rules against a real loopback server: what is fetched, what is refused and why, and
//! that a logo is fetched once and then served from the connection's folder.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use super::*;
use crate::profile::ConnectionId;

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
const SVG: &str =
    r#"<?xml version="1.0"?><!-- a logo --><svg xmlns="http://www.w3.org/2000/svg"/>"#;

/// Serves `app` on 127.0.0.1 until the test ends; the base URL that reaches it.
async fn serve(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let addr = listener.local_addr().expect("its address");
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}")
}

fn image(content_type: &'static str, body: impl Into<Vec<u8>>) -> Response {
    ([(header::CONTENT_TYPE, content_type)], body.into()).into_response()
}

/// A server with one route per case; `hits` counts requests for `/logo.png`.
async fn server(hits: Arc<AtomicUsize>) -> String {
    let port_of_self = Arc::new(std::sync::OnceLock::<u16>::new());
    let other = port_of_self.clone();
    let app = Router::new()
        .route(
            "/logo.png",
            get(move || {
                hits.fetch_add(1, Ordering::SeqCst);
                async { image("image/png", PNG) }
            }),
        )
        .route("/logo.svg", get(|| async { image("image/svg+xml", SVG) }))
        .route(
            "/page.html",
            get(|| async { image("text/html", "<html></html>") }),
        )
        .route(
            "/lying.png",
            get(|| async { image("image/png", "<html>not a png</html>") }),
        )
        .route(
            "/huge.png",
            get(|| async {
                let mut body = PNG.to_vec();
                body.resize(MAX_LOGO_BYTES + 1, 0);
                image("image/png", body)
            }),
        )
        .route(
            "/missing.png",
            get(|| async { StatusCode::NOT_FOUND.into_response() }),
        )
        .route(
            "/moved.png",
            get(|| async {
                (StatusCode::FOUND, [(header::LOCATION, "/logo.svg")]).into_response()
            }),
        )
        .route(
            "/elsewhere.png",
            get(move || {
                // The same server under another name: another origin.
                let port = *other.get().expect("the port");
                async move {
                    let to = format!("http://localhost:{port}/logo.png");
                    (StatusCode::FOUND, [(header::LOCATION, to)]).into_response()
                }
            }),
        )
        .route(
            "/slow.png",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(30)).await;
                image("image/png", PNG)
            }),
        );
    let base = serve(app).await;
    let port = Url::parse(&base).expect("a URL").port().expect("a port");
    port_of_self.set(port).expect("set once");
    base
}

async fn fetch(base: &str, path: &str) -> Result<Logo, LogoError> {
    let fetcher = LogoFetcher::new(Duration::from_secs(5)).expect("a fetcher");
    fetcher.fetch(&resolve(path, Some(base))?).await
}

#[tokio::test]
async fn images_of_the_shown_kinds_are_fetched_and_checked_against_their_bytes() {
    let base = server(Arc::default()).await;
    let png = fetch(&base, "/logo.png").await.expect("a PNG");
    assert_eq!(png.content_type, "image/png");
    assert_eq!(png.bytes, PNG);
    let svg = fetch(&base, &format!("{base}/logo.svg"))
        .await
        .expect("an SVG");
    assert_eq!(svg.content_type, "image/svg+xml");
    assert_eq!(
        fetch(&base, "/moved.png")
            .await
            .expect("followed")
            .content_type,
        "image/svg+xml",
        "a redirect within the origin is followed"
    );
}

#[tokio::test]
async fn a_wrong_type_a_lie_a_huge_body_and_an_error_status_are_refused() {
    let base = server(Arc::default()).await;
    assert_eq!(
        fetch(&base, "/page.html").await,
        Err(LogoError::WrongType {
            declared: Some("text/html".into())
        })
    );
    assert_eq!(
        fetch(&base, "/lying.png").await,
        Err(LogoError::NotThatImage {
            declared: "image/png"
        }),
        "the declared type alone is not trusted"
    );
    assert_eq!(fetch(&base, "/huge.png").await, Err(LogoError::TooLarge));
    assert_eq!(
        fetch(&base, "/missing.png").await,
        Err(LogoError::Status { status: 404 })
    );
}

#[tokio::test]
async fn a_redirect_to_another_host_is_not_followed() {
    let base = server(Arc::default()).await;
    match fetch(&base, "/elsewhere.png").await {
        Err(LogoError::Redirect { to }) => assert!(to.starts_with("http://localhost:"), "{to}"),
        other => panic!("the redirect to localhost (another origin) was followed: {other:?}"),
    }
}

#[tokio::test]
async fn a_fetch_that_takes_too_long_ends() {
    let base = server(Arc::default()).await;
    let fetcher = LogoFetcher::new(Duration::from_millis(300)).expect("a fetcher");
    let url = resolve("/slow.png", Some(&base)).expect("allowed");
    match fetcher.fetch(&url).await {
        Err(LogoError::Network { message }) => assert_eq!(message, "it took too long"),
        other => panic!("expected a timeout: {other:?}"),
    }
}

#[test]
fn only_https_or_loopback_http_addresses_are_fetched() {
    for ok in [
        "https://cdn.example/zoom.png",
        "http://127.0.0.1:8080/z.png",
        "http://localhost/z.png",
        "http://[::1]:1/z.png",
    ] {
        assert!(resolve(ok, None).is_ok(), "{ok} is allowed");
    }
    assert_eq!(
        resolve("/logos/zoom.png", Some("http://127.0.0.1:4000"))
            .expect("relative")
            .as_str(),
        "http://127.0.0.1:4000/logos/zoom.png"
    );
    for bad in [
        "http://cdn.example/zoom.png",
        "http://127.0.0.1.example/z.png",
        "ftp://cdn.example/zoom.png",
        "file:///etc/passwd",
        "data:image/png;base64,AAAA",
        "javascript:alert(1)",
        "https://user:pw@cdn.example/z.png",
    ] {
        assert!(
            matches!(resolve(bad, None), Err(LogoError::NotAllowed { .. })),
            "{bad} is refused"
        );
    }
    assert!(
        matches!(
            resolve("/logos/x.png", None),
            Err(LogoError::NotAllowed { .. })
        ),
        "a relative address without a connection is refused"
    );
    assert!(
        matches!(
            resolve("/logos/x.png", Some("http://jumpcloud.example")),
            Err(LogoError::NotAllowed { .. })
        ),
        "relative to a plain-http remote base is refused too"
    );
}

#[test]
fn svg_is_recognised_and_served_so_nothing_in_it_runs() {
    assert_eq!(
        sniff(Some("image/svg+xml"), SVG.as_bytes()),
        Ok("image/svg+xml")
    );
    assert_eq!(
        sniff(Some("image/svg+xml; charset=utf-8"), b"\xef\xbb\xbf <svg/>"),
        Ok("image/svg+xml")
    );
    assert!(sniff(Some("image/svg+xml"), b"<html><svg/></html>").is_err());
    let logo = Logo {
        content_type: "image/svg+xml",
        bytes: SVG.into(),
    };
    let headers: HashMap<_, _> = logo.headers().into_iter().collect();
    let csp = headers["Content-Security-Policy"];
    assert!(
        csp.contains("default-src 'none'") && csp.contains("sandbox"),
        "{csp}"
    );
    assert!(!csp.contains("script-src"), "no script source: {csp}");
    assert_eq!(headers["X-Content-Type-Options"], "nosniff");
    assert_eq!(headers["Content-Type"], "image/svg+xml");
}

#[test]
fn the_request_path_gives_back_the_address_the_ui_encoded() {
    assert_eq!(
        address_in_path("/https%3A%2F%2Fcdn.example%2Fa%20b.png").as_deref(),
        Some("https://cdn.example/a b.png")
    );
    assert_eq!(address_in_path("/").as_deref(), None);
}

#[tokio::test]
async fn a_logo_is_fetched_once_then_served_from_the_connections_folder() {
    let hits = Arc::new(AtomicUsize::new(0));
    let base = server(hits.clone()).await;
    let root = tempfile::tempdir().expect("a temp dir");
    let dir = ConnectionDir::new(root.path(), &ConnectionId::new("sandbox").expect("an id"));
    let logos = Logos::default();
    let asks = (0..5).map(|_| logos.get(&dir, "/logo.png", Some(&base)));
    for logo in futures_util::future::join_all(asks).await {
        assert_eq!(logo.expect("the logo").bytes, PNG);
    }
    assert_eq!(
        hits.load(Ordering::SeqCst),
        1,
        "five rows asking cause one fetch"
    );

    let restarted = Logos::default();
    let again = restarted
        .get(&dir, "/logo.png", None)
        .await
        .expect("kept on disk");
    assert_eq!(again.bytes, PNG, "no connection needed for a kept logo");
    assert_eq!(hits.load(Ordering::SeqCst), 1);

    let refused = logos.get(&dir, "/page.html", Some(&base)).await;
    assert!(matches!(refused, Err(LogoError::WrongType { .. })));
    let remembered = logos.get(&dir, "/page.html", None).await;
    assert_eq!(
        refused, remembered,
        "a failure is remembered, not fetched again"
    );
}
