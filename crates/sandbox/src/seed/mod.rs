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
    use std::cell::RefCell;

    use crate::{SAMPLE_ORG_ID, SAMPLE_ORG_NAME};

    /// The organisation being seeded on this thread: its tag (0 for the sample organisation, so
    /// its ids stay the documented ones; another organisation's documents carry its own tag, so
    /// no id is shared between two organisations, as in JumpCloud), its id and its name.
    #[derive(Debug, Clone)]
    pub(crate) struct Tenant {
        pub(crate) tag: u16,
        pub(crate) id: String,
        pub(crate) name: String,
    }

    impl Tenant {
        pub(crate) fn sample() -> Self {
            Self {
                tag: 0,
                id: SAMPLE_ORG_ID.into(),
                name: SAMPLE_ORG_NAME.into(),
            }
        }
    }

    thread_local! {
        static TENANT: RefCell<Tenant> = RefCell::new(Tenant::sample());
    }

    /// Runs `seed` with `tenant` as the organisation being seeded on this thread.
    pub(crate) fn as_tenant<T>(tenant: &Tenant, seed: impl FnOnce() -> T) -> T {
        let before = TENANT.with(|t| t.replace(tenant.clone()));
        let out = seed();
        TENANT.with(|t| t.replace(before));
        out
    }

    pub(crate) fn org_id() -> String {
        TENANT.with(|t| t.borrow().id.clone())
    }
    pub(crate) fn org_name() -> String {
        TENANT.with(|t| t.borrow().name.clone())
    }
    fn tag() -> u16 {
        TENANT.with(|t| t.borrow().tag)
    }

    /// Templates are JumpCloud's catalog, the same for every organisation.
    pub(crate) fn template(index: usize) -> String {
        format!("5f0000000001{index:012x}")
    }
    pub(crate) fn application(index: usize) -> String {
        format!("5f{:04x}000002{index:012x}", tag())
    }
    pub(crate) fn group(index: usize) -> String {
        format!("5f{:04x}000003{index:012x}", tag())
    }
    pub(crate) fn user(index: usize) -> String {
        format!("5f{:04x}000004{index:012x}", tag())
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
