//! For the client's unit tests: a client of a loopback server, and the server, written once.

use super::{Client, ConnectionOptions, Credentials, Endpoint, RetryPolicy};

/// A client of `base` with an API key, pages of `page_size`, and no retries.
pub(crate) fn client(base: &str, page_size: u32) -> Client {
    let options = ConnectionOptions {
        page_size,
        retry: RetryPolicy::never(),
        ..ConnectionOptions::default()
    };
    Client::new(
        &Endpoint::Custom(base.to_owned()),
        Credentials::api_key("test-key"),
        options,
    )
    .expect("a client of a loopback address")
}

/// Serves `app` on a loopback port until the test ends; the base URL that reaches it.
pub(crate) async fn serve(app: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let addr = listener.local_addr().expect("its address");
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}")
}
