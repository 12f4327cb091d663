//! A snapshot against the live organisation: what differs, as data (the app, `--json`) and, in
//! [`super::report`], as text. The drift is also the apply's plan.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;

use super::{GroupName, Snapshot};
use crate::edits::review::{changes, ReviewChange};
use crate::edits::target::onto_current;
use crate::jumpcloud::OrgSync;
use crate::sso::without_private_key;

/// An application, named.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ApplicationRef {
    pub id: String,
    pub label: String,
    /// The connector (`name`).
    pub connector: String,
}

/// An application in both, with what an apply would change (`before` live, `after` snapshot).
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ApplicationDrift {
    pub application: ApplicationRef,
    /// The application's id in the snapshot (another when it was made anew since).
    pub snapshot_id: String,
    pub changes: Vec<ReviewChange>,
}

/// User groups to bind or unbind for an application to be bound as in the snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BindingDrift {
    pub application: ApplicationRef,
    pub bind: Vec<GroupName>,
    pub unbind: Vec<GroupName>,
    /// Groups bound in the snapshot that the organisation no longer has: they cannot be bound.
    pub missing: Vec<GroupName>,
}

/// Everything that differs between a snapshot and the organisation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Drift {
    /// In the organisation, not in the snapshot (an apply deletes them only when asked).
    pub added: Vec<ApplicationRef>,
    /// In the snapshot, not in the organisation (an apply creates them anew).
    pub removed: Vec<ApplicationRef>,
    pub changed: Vec<ApplicationDrift>,
    /// Bindings of applications in both (those of a removed one are bound when it is made anew).
    pub bindings: Vec<BindingDrift>,
}

impl Drift {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.changed.is_empty()
            && self.bindings.is_empty()
    }
}

fn text<'a>(app: &'a Value, key: &str) -> &'a str {
    app.get(key).and_then(Value::as_str).unwrap_or_default()
}

pub(super) fn reference(id: &str, app: &Value) -> ApplicationRef {
    ApplicationRef {
        id: id.to_owned(),
        label: text(app, "displayLabel").to_owned(),
        connector: text(app, "name").to_owned(),
    }
}

/// Pairs of (snapshot id, live id): by id, then the rest by connector and label (an application
/// made anew gets a new id), each live application used once.
pub(super) fn matched(
    snapshot: &Snapshot,
    live: &BTreeMap<String, Value>,
) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    let mut used = BTreeSet::new();
    let mut rest = Vec::new();
    for id in snapshot.applications.keys() {
        if live.contains_key(id) {
            pairs.push((id.clone(), id.clone()));
            used.insert(id.clone());
        } else {
            rest.push(id);
        }
    }
    for id in rest {
        let stored = &snapshot.applications[id];
        let key = (text(stored, "name"), text(stored, "displayLabel"));
        let found = live.iter().find(|(live_id, app)| {
            !used.contains(*live_id)
                && !snapshot.applications.contains_key(*live_id)
                && (text(app, "name"), text(app, "displayLabel")) == key
        });
        if let Some((live_id, _)) = found {
            used.insert(live_id.clone());
            pairs.push((id.clone(), live_id.clone()));
        }
    }
    pairs
}

/// The live applications by id.
pub(super) fn live_by_id(org: &OrgSync) -> BTreeMap<String, Value> {
    org.applications
        .iter()
        .filter_map(|a| Some((a.id()?.to_owned(), a.to_value())))
        .collect()
}

/// The groups bound directly to each application, by application id.
pub(super) fn live_bindings(org: &OrgSync) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for b in &org.bindings {
        out.entry(b.application_id.clone())
            .or_default()
            .insert(b.group_id.clone());
    }
    out
}

/// What differs between `snapshot` and the organisation as `org` read it.
pub fn compare(snapshot: &Snapshot, org: &OrgSync) -> Drift {
    let live = live_by_id(org);
    let pairs = matched(snapshot, &live);
    let bound = live_bindings(org);
    let group_names: BTreeMap<&str, &str> = org
        .user_groups
        .iter()
        .map(|g| (g.id.as_str(), g.name.as_str()))
        .collect();
    let mut drift = Drift::default();
    let live_matched: BTreeSet<&String> = pairs.iter().map(|(_, l)| l).collect();
    let snap_matched: BTreeSet<&String> = pairs.iter().map(|(s, _)| s).collect();
    drift.added = live
        .iter()
        .filter(|(id, _)| !live_matched.contains(id))
        .map(|(id, app)| reference(id, app))
        .collect();
    drift.removed = snapshot
        .applications
        .iter()
        .filter(|(id, _)| !snap_matched.contains(id))
        .map(|(id, app)| reference(id, app))
        .collect();
    let empty = BTreeSet::new();
    for (snap_id, live_id) in &pairs {
        let current = &live[live_id];
        let stored = &snapshot.applications[snap_id];
        let before = without_private_key(current.clone());
        let after = onto_current(&before, stored);
        let found = changes(&before, &after);
        if !found.is_empty() {
            drift.changed.push(ApplicationDrift {
                application: reference(live_id, current),
                snapshot_id: snap_id.clone(),
                changes: found,
            });
        }
        let wanted = snapshot.bindings.get(snap_id).cloned().unwrap_or_default();
        let now = bound.get(live_id).unwrap_or(&empty);
        let name = |id: &str| GroupName {
            id: id.to_owned(),
            name: group_names.get(id).unwrap_or(&"").to_string(),
        };
        let (present, missing): (Vec<GroupName>, Vec<GroupName>) = wanted
            .iter()
            .filter(|g| !now.contains(&g.id))
            .cloned()
            .partition(|g| group_names.contains_key(g.id.as_str()));
        let unbind: Vec<GroupName> = now
            .iter()
            .filter(|id| !wanted.iter().any(|g| &g.id == *id))
            .map(|id| name(id))
            .collect();
        if !present.is_empty() || !unbind.is_empty() || !missing.is_empty() {
            drift.bindings.push(BindingDrift {
                application: reference(live_id, current),
                bind: present,
                unbind,
                missing,
            });
        }
    }
    drift
}
