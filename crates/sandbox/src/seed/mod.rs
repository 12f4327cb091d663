//! The seeded sample organisation: a catalog of templates, configured applications, user groups,
//! users and the association graph between them, all deterministic for a seed and size.

pub(crate) mod certs;
pub(crate) mod form;
pub(crate) mod org;
mod shapes;
pub(crate) mod templates;
mod users;

/// Ids of seeded documents: 24 hex digits like JumpCloud's, made from a kind and an index so they
/// are stable across seeds and sort in creation order.
pub(crate) mod ids {
    pub(crate) fn template(index: usize) -> String {
        format!("5f0000000001{index:012x}")
    }
    pub(crate) fn application(index: usize) -> String {
        format!("5f0000000002{index:012x}")
    }
    pub(crate) fn group(index: usize) -> String {
        format!("5f0000000003{index:012x}")
    }
    pub(crate) fn user(index: usize) -> String {
        format!("5f0000000004{index:012x}")
    }

    /// A fresh id for a created document: seconds since the epoch then a counter mixed with the
    /// clock, the way a Mongo ObjectId is laid out.
    pub(crate) fn fresh() -> String {
        use std::sync::atomic::{AtomicU64, Ordering};
        use std::time::{SystemTime, UNIX_EPOCH};
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let tail = crate::prng::mix(u64::from(now.subsec_nanos()) ^ n.rotate_left(32)) ^ n;
        format!("{:08x}{:016x}", now.as_secs() as u32, tail)
    }

    /// JumpCloud's ids (and `x-org-id`) are 24 hex digits.
    pub(crate) fn is_object_id(s: &str) -> bool {
        s.len() == 24 && s.bytes().all(|b| b.is_ascii_hexdigit())
    }
}
