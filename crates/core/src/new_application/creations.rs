//! At most one create per workflow.
//!
//! The UI disables its Create button while a create runs, but a double click can still send two
//! requests, and a reload can resend one. Each workflow carries an id; the first create for an id
//! runs, a second one for the same id waits for it and gets the same application instead of
//! making another. A create that failed leaves no mark, so the admin can fix things and try again.
//! (An outcome that is unknown, such as a timeout, is the client's business: its create looks for
//! the application before trying again.)

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};

use crate::jumpcloud::Application;

type Slot<T> = Arc<tokio::sync::Mutex<Option<T>>>;

/// The creates of this run of the app, by workflow id, each with what it gave back (the created
/// application, or that and what reading it back showed).
#[derive(Debug)]
pub struct Creations<T = Application> {
    by_workflow: Mutex<HashMap<String, Slot<T>>>,
}

impl<T> Default for Creations<T> {
    fn default() -> Self {
        Self {
            by_workflow: Mutex::new(HashMap::new()),
        }
    }
}

impl<T: Clone> Creations<T> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Runs `create` unless a create for `workflow_id` already succeeded (its application is
    /// returned) or is running (its outcome is awaited, then the same rule applies).
    pub async fn create_once<E, F, Fut>(&self, workflow_id: &str, create: F) -> Result<T, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, E>>,
    {
        let slot = {
            // The map is only touched here, briefly; a poisoned lock still holds a usable map.
            let mut map = self
                .by_workflow
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            Arc::clone(map.entry(workflow_id.to_owned()).or_default())
        };
        // An async lock per workflow: held across the create on purpose, so a second request
        // for the same workflow waits for the first instead of racing it.
        let mut done = slot.lock().await;
        if let Some(app) = done.as_ref() {
            return Ok(app.clone());
        }
        let app = create().await?;
        *done = Some(app.clone());
        Ok(app)
    }
}
