//! A value loaded once per connection and shared: the catalog index, the organisation loaded for
//! readiness. Callers that arrive while a load runs wait for it and use its result instead of
//! starting another; a value loaded for one connection is never answered for another.

use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};

use super::ConnectionId;

pub struct LoadOnce<T> {
    current: Mutex<Option<(ConnectionId, Arc<T>)>>,
    /// Held while loading.
    gate: tokio::sync::Mutex<()>,
}

impl<T> Default for LoadOnce<T> {
    fn default() -> Self {
        Self {
            current: Mutex::new(None),
            gate: tokio::sync::Mutex::new(()),
        }
    }
}

impl<T> LoadOnce<T> {
    /// The value loaded for `connection`, if any.
    pub fn current(&self, connection: &ConnectionId) -> Option<Arc<T>> {
        self.current
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
            .filter(|(id, _)| id == connection)
            .map(|(_, value)| Arc::clone(value))
    }

    /// Makes `value` the one of `connection`.
    pub fn set(&self, connection: &ConnectionId, value: T) -> Arc<T> {
        let value = Arc::new(value);
        *self.current.lock().unwrap_or_else(PoisonError::into_inner) =
            Some((connection.clone(), Arc::clone(&value)));
        value
    }

    /// Forgets what was loaded (an object it holds was deleted, say).
    pub fn forget(&self) {
        *self.current.lock().unwrap_or_else(PoisonError::into_inner) = None;
    }

    /// The value of `connection`, loading it with `load` when there is none.
    pub async fn get_or_load<E, F>(
        &self,
        connection: &ConnectionId,
        load: impl FnOnce() -> F,
    ) -> Result<Arc<T>, E>
    where
        F: Future<Output = Result<T, E>>,
    {
        if let Some(value) = self.current(connection) {
            return Ok(value);
        }
        let _gate = self.gate.lock().await;
        if let Some(value) = self.current(connection) {
            return Ok(value);
        }
        Ok(self.set(connection, load().await?))
    }

    /// Loads the value of `connection` again, one load at a time.
    pub async fn reload<E, F>(
        &self,
        connection: &ConnectionId,
        load: impl FnOnce() -> F,
    ) -> Result<Arc<T>, E>
    where
        F: Future<Output = Result<T, E>>,
    {
        let _gate = self.gate.lock().await;
        Ok(self.set(connection, load().await?))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU32, Ordering};

    use super::*;

    #[tokio::test]
    async fn concurrent_callers_share_one_load_and_connections_never_mix() {
        let once = LoadOnce::<u32>::default();
        let loads = AtomicU32::new(0);
        let a = ConnectionId::new("a").expect("id");
        let load = || async {
            loads.fetch_add(1, Ordering::SeqCst);
            tokio::task::yield_now().await;
            Ok::<_, ()>(7)
        };
        let (x, y) = tokio::join!(once.get_or_load(&a, load), once.get_or_load(&a, load));
        assert_eq!((*x.expect("x"), *y.expect("y")), (7, 7));
        assert_eq!(
            loads.load(Ordering::SeqCst),
            1,
            "the second caller waited for the first"
        );
        let b = ConnectionId::new("b").expect("id");
        assert!(once.current(&b).is_none(), "a's value is not b's");
        let failed = once
            .get_or_load(&b, || async { Err::<u32, _>("down") })
            .await;
        assert_eq!(failed.expect_err("the load failed"), "down");
        assert!(
            once.current(&a).is_some(),
            "a failed load of b keeps a's value"
        );
    }
}
