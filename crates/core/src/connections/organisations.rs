//! A provider connection's organisations: a managed service provider's key acts on many client
//! organisations, each named per request with `x-org-id`.
//!
//! Promises: the organisations are listed once per connection (without `x-org-id`, as JumpCloud
//! lists a provider's); the chosen one is always one of them (the first until the admin picks);
//! the organisations the admin works with are a subset of them, every one by default, and never
//! empty while there is any; nothing here is kept per organisation: that is keyed by
//! [`crate::profile::ConnectionId::in_org`].

use serde::Serialize;

use super::settings::OrgPick;
use crate::jumpcloud::{self, no_progress, Client};

/// One organisation of a provider connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Organisation {
    /// 24 hex digits, what `x-org-id` carries.
    pub id: String,
    /// Its name as JumpCloud lists it (the id when it has none).
    pub name: String,
}

/// The active provider connection's organisations, the one every page works on, and the ones the
/// admin works with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgScope {
    /// The connection they belong to.
    pub connection: String,
    pub organisations: Vec<Organisation>,
    chosen: usize,
    /// Positions in `organisations`, in list order.
    working: Vec<usize>,
}

impl OrgScope {
    pub fn new(connection: impl Into<String>, organisations: Vec<Organisation>) -> Self {
        let working = (0..organisations.len()).collect();
        Self {
            connection: connection.into(),
            organisations,
            chosen: 0,
            working,
        }
    }

    /// The organisation every page works on; `None` only when the provider has none.
    pub fn chosen(&self) -> Option<&Organisation> {
        self.organisations.get(self.chosen)
    }

    pub fn find(&self, id: &str) -> Option<&Organisation> {
        self.position(id).map(|k| &self.organisations[k])
    }

    fn position(&self, id: &str) -> Option<usize> {
        self.organisations
            .iter()
            .position(|o| o.id.eq_ignore_ascii_case(id))
    }

    /// Makes `id` the chosen one (and one the admin works with); `false` when it is not one of
    /// the connection's.
    pub fn choose(&mut self, id: &str) -> bool {
        let Some(k) = self.position(id) else {
            return false;
        };
        self.chosen = k;
        if !self.working.contains(&k) {
            self.working.push(k);
            self.working.sort_unstable();
        }
        true
    }

    /// The organisations the admin works with, in list order.
    pub fn working(&self) -> Vec<Organisation> {
        self.working
            .iter()
            .map(|&k| self.organisations[k].clone())
            .collect()
    }

    /// The admin's choice as the settings keep it: every organisation is `None`, so one the
    /// provider adds later is worked with too.
    pub fn saved(&self) -> OrgPick {
        OrgPick {
            chosen: self.chosen().map(|o| o.id.clone()),
            working: (self.working.len() < self.organisations.len())
                .then(|| self.working().into_iter().map(|o| o.id).collect()),
        }
    }

    /// Takes up a choice kept from before; organisations the provider no longer has are
    /// ignored, and there is always one to work on.
    pub fn restore(&mut self, saved: &OrgPick) {
        if let Some(working) = &saved.working {
            self.pick(working);
        }
        if let Some(chosen) = &saved.chosen {
            if self
                .working
                .contains(&self.position(chosen).unwrap_or(usize::MAX))
            {
                self.choose(chosen);
            }
        }
    }

    /// Works with `ids` only (unknown ids are ignored). An empty pick, or one naming none of the
    /// connection's organisations, keeps the chosen one so that there is always one to work on.
    pub fn pick(&mut self, ids: &[String]) {
        let mut working: Vec<usize> = ids.iter().filter_map(|id| self.position(id)).collect();
        if working.is_empty() && !self.organisations.is_empty() {
            working.push(self.chosen);
        }
        working.sort_unstable();
        working.dedup();
        if !working.contains(&self.chosen) {
            self.chosen = working.first().copied().unwrap_or(0);
        }
        self.working = working;
    }
}

/// The organisations `client` (a provider's, with no `x-org-id`) can act on.
pub async fn list(client: &Client) -> Result<Vec<Organisation>, jumpcloud::Error> {
    let listed = client.list_organizations(&no_progress).await?;
    Ok(listed
        .into_iter()
        .filter(|o| jumpcloud::is_org_id(&o.id))
        .map(|o| Organisation {
            name: o
                .display_name
                .filter(|n| !n.trim().is_empty())
                .unwrap_or_else(|| o.id.clone()),
            id: o.id,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope() -> OrgScope {
        let org = |k: u8| Organisation {
            id: format!("5f00000000000000000000{k:02x}"),
            name: format!("Org {k}"),
        };
        OrgScope::new("c", vec![org(1), org(2), org(3)])
    }

    #[test]
    fn a_saved_choice_comes_back_and_what_the_provider_dropped_is_ignored() {
        let mut s = scope();
        let every = OrgPick {
            chosen: Some("5f0000000000000000000001".into()),
            working: None,
        };
        assert_eq!(s.saved(), every, "every one, the first chosen");
        s.pick(&[
            "5f0000000000000000000002".into(),
            "5f0000000000000000000003".into(),
        ]);
        s.choose("5f0000000000000000000003");
        let saved = s.saved();
        assert_eq!(saved.chosen.as_deref(), Some("5f0000000000000000000003"));
        assert_eq!(saved.working.as_ref().map(Vec::len), Some(2));

        let mut again = scope();
        again.restore(&saved);
        assert_eq!(again, s, "the same choice after a restart");

        // The provider dropped organisation 3 since: the pick keeps 2, which is chosen.
        let mut fewer = scope();
        fewer.organisations.pop();
        fewer.working.pop();
        fewer.restore(&saved);
        assert_eq!(fewer.chosen().map(|o| o.name.as_str()), Some("Org 2"));
        assert_eq!(fewer.working().len(), 1);
    }

    #[test]
    fn the_first_is_chosen_and_every_one_worked_with_by_default() {
        let s = scope();
        assert_eq!(s.chosen().map(|o| o.name.as_str()), Some("Org 1"));
        assert_eq!(s.working().len(), 3);
    }

    #[test]
    fn a_pick_keeps_one_to_work_on_and_the_chosen_one_within_it() {
        let mut s = scope();
        assert!(
            s.choose("5F0000000000000000000002"),
            "ids compare in either case"
        );
        s.pick(&["5f0000000000000000000003".into()]);
        assert_eq!(s.working().len(), 1);
        assert_eq!(
            s.chosen().map(|o| o.name.as_str()),
            Some("Org 3"),
            "the chosen one is one of those worked with"
        );
        s.pick(&["not one of them".into()]);
        assert_eq!(s.working().len(), 1, "never none");
        assert!(!s.choose("5f00000000000000000000ff"));
        assert!(s.choose("5f0000000000000000000001"));
        assert_eq!(s.working().len(), 2, "choosing one works with it");
    }
}
