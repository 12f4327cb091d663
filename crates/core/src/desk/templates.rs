//! The catalogue's templates as last read on each connection during this run, shared by the loads
//! that need every one of them (the applications list and readiness, which an admin typically runs
//! one after the other). JumpCloud's connectors change with its releases, not between two pages of
//! the app, so a read younger than [`MAX_AGE`] is reused instead of downloading the catalogue
//! again; an older one, or none, is read now. Two loads that ask at once share one read.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::jumpcloud::{Client, Error, OnProgress, Template};
use crate::profile::ConnectionId;

/// How long a read of the templates is reused.
pub const MAX_AGE: Duration = Duration::from_secs(15 * 60);

struct Read {
    at: Instant,
    templates: Arc<Vec<Template>>,
}

type Slot = Arc<tokio::sync::Mutex<Option<Read>>>;

#[derive(Default)]
pub(super) struct SessionTemplates {
    by_connection: Mutex<HashMap<ConnectionId, Slot>>,
}

impl SessionTemplates {
    /// The connection's templates: the last read if younger than `max_age`, else read now
    /// (progress reported only then).
    pub(super) async fn get(
        &self,
        connection: &ConnectionId,
        client: &Client,
        max_age: Duration,
        on_progress: OnProgress<'_>,
    ) -> Result<Arc<Vec<Template>>, Error> {
        let slot = self
            .by_connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .entry(connection.clone())
            .or_default()
            .clone();
        let mut read = slot.lock().await;
        if let Some(read) = read.as_ref().filter(|r| r.at.elapsed() < max_age) {
            return Ok(read.templates.clone());
        }
        let templates = Arc::new(client.list_template_summaries(on_progress).await?);
        *read = Some(Read {
            at: Instant::now(),
            templates: templates.clone(),
        });
        Ok(templates)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use axum::routing::get;
    use axum::{Json, Router};
    use serde_json::json;

    use super::*;
    use crate::jumpcloud::{no_progress, ConnectionOptions, Credentials, Endpoint, RetryPolicy};

    /// A catalogue of one template that counts how often it is read.
    async fn catalogue(reads: Arc<AtomicUsize>) -> Client {
        let app = Router::new().route(
            "/api/application-templates",
            get(move || {
                let reads = reads.clone();
                async move {
                    reads.fetch_add(1, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    Json(json!({"results": [{"_id": "t1", "name": "zoom"}], "totalCount": 1}))
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a loopback port");
        let base = format!("http://{}", listener.local_addr().expect("its address"));
        tokio::spawn(async move { axum::serve(listener, app).await });
        let options = ConnectionOptions {
            retry: RetryPolicy::never(),
            ..ConnectionOptions::default()
        };
        Client::new(&Endpoint::Custom(base), Credentials::api_key("k"), options).expect("a client")
    }

    #[tokio::test]
    async fn a_young_read_is_reused_an_old_one_is_not_and_simultaneous_asks_share_one_read() {
        let reads = Arc::new(AtomicUsize::new(0));
        let client = catalogue(reads.clone()).await;
        let cache = SessionTemplates::default();
        let id = ConnectionId::new("sandbox").expect("a valid id");
        let (a, b) = tokio::join!(
            cache.get(&id, &client, MAX_AGE, &no_progress),
            cache.get(&id, &client, MAX_AGE, &no_progress),
        );
        assert_eq!(a.expect("read").len(), 1);
        assert_eq!(b.expect("read").len(), 1);
        assert_eq!(
            reads.load(Ordering::SeqCst),
            1,
            "two asks at once, one read"
        );
        cache
            .get(&id, &client, MAX_AGE, &no_progress)
            .await
            .expect("reused");
        assert_eq!(reads.load(Ordering::SeqCst), 1, "a young read is reused");
        cache
            .get(&id, &client, Duration::ZERO, &no_progress)
            .await
            .expect("read again");
        assert_eq!(reads.load(Ordering::SeqCst), 2, "an old read is not");
        let other = ConnectionId::new("c2").expect("a valid id");
        cache
            .get(&other, &client, MAX_AGE, &no_progress)
            .await
            .expect("read for the other connection");
        assert_eq!(
            reads.load(Ordering::SeqCst),
            3,
            "connections never share reads"
        );
    }
}
