//! Every connector's `logo.url` is served: a real PNG, without a key, never faulted.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::common::start;

#[tokio::test]
async fn every_logo_url_of_the_catalog_and_the_applications_is_a_png_served_without_a_key() {
    let env = start().await;
    let templates = env
        .ok("/api/application-templates?limit=5&fields=logo")
        .await;
    let apps = env.ok("/api/applications?limit=5&fields=logo").await;
    let urls: Vec<String> = templates["results"]
        .as_array()
        .into_iter()
        .chain(apps["results"].as_array())
        .flatten()
        .map(|d| d["logo"]["url"].as_str().expect("a logo url").to_owned())
        .collect();
    assert_eq!(urls.len(), 10);
    // Every request of the API fails from here on; logos are not part of the API.
    env.send(Method::POST, "/sandbox/faults", Some(json!({"rate": 1.0})))
        .await;
    for url in &urls {
        assert!(url.starts_with("/logos/"), "relative to the sandbox: {url}");
        let res = env.client.get(env.url(url)).send().await.expect("served");
        assert_eq!(
            res.status(),
            StatusCode::OK,
            "{url}, without a key, faults on"
        );
        assert_eq!(res.headers()["content-type"], "image/png");
        let bytes = res.bytes().await.expect("a body");
        assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "{url} is a PNG");
    }
    let api = env
        .client
        .get(env.url("/api/applications"))
        .header("x-api-key", env.sandbox.api_key())
        .send()
        .await;
    assert!(
        !api.is_ok_and(|r| r.status() == StatusCode::OK),
        "the API is faulted meanwhile"
    );
    for bad in ["/logos/zoom.svg", "/logos/..%2Fdata.png", "/logos/.png"] {
        let res = env.client.get(env.url(bad)).send().await.expect("answered");
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{bad}");
    }
}
