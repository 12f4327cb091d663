//! User groups as lists show them, a group's applications (direct or through other groups) and an
//! application's bound groups.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::list::*;
use crate::jumpcloud::{Access, UserGroup};

/// A user group as lists show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UserGroupRow {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
}

/// The groups as rows, sorted by name (case-insensitive), then id.
pub fn user_group_rows(groups: &[UserGroup]) -> Vec<UserGroupRow> {
    let mut rows: Vec<UserGroupRow> = groups
        .iter()
        .map(|g| UserGroupRow {
            id: g.id.clone(),
            name: g.name.clone(),
            description: g.description.clone(),
        })
        .collect();
    rows.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then_with(|| a.id.cmp(&b.id))
    });
    rows
}

/// A user group, named, for "through which group" lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct GroupRef {
    pub id: String,
    pub name: String,
}

fn group_refs(ids: &[String], names: &HashMap<&str, &str>) -> Vec<GroupRef> {
    ids.iter()
        .map(|id| GroupRef {
            id: id.clone(),
            // A group the list does not know (created meanwhile) is shown by id.
            name: names
                .get(id.as_str())
                .map_or_else(|| id.clone(), |n| (*n).to_owned()),
        })
        .collect()
}

pub(super) fn names_of(groups: &[UserGroup]) -> HashMap<&str, &str> {
    groups
        .iter()
        .map(|g| (g.id.as_str(), g.name.as_str()))
        .collect()
}

/// An application a user group opens: bound directly, or through other groups.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct GroupApplication {
    pub application: ApplicationRow,
    pub direct: bool,
    /// The groups the binding is reached through (empty when only direct).
    pub via_groups: Vec<GroupRef>,
}

/// The applications of a group's traversal, as rows. `rows` must hold every application in
/// `accesses` (others are skipped: the caller reads them first, see the glue).
pub fn group_applications(
    accesses: &[Access],
    rows: &[ApplicationRow],
    groups: &[UserGroup],
) -> Vec<GroupApplication> {
    let by_id: HashMap<&str, &ApplicationRow> = rows.iter().map(|r| (r.id.as_str(), r)).collect();
    let names = names_of(groups);
    let mut out: Vec<GroupApplication> = accesses
        .iter()
        .filter(|a| a.kind == "application")
        .filter_map(|a| {
            by_id.get(a.id.as_str()).map(|row| GroupApplication {
                application: (*row).clone(),
                direct: a.direct,
                via_groups: group_refs(&a.via_groups, &names),
            })
        })
        .collect();
    out.sort_by(|a, b| by_label(&a.application, &b.application));
    out
}

/// A user group bound to an application, directly or through another group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BoundGroup {
    pub id: String,
    pub name: String,
    pub direct: bool,
    pub via_groups: Vec<GroupRef>,
}

/// The groups of an application's traversal, named, sorted by name.
pub fn bound_groups(accesses: &[Access], groups: &[UserGroup]) -> Vec<BoundGroup> {
    let names = names_of(groups);
    let mut out: Vec<BoundGroup> = accesses
        .iter()
        .filter(|a| a.kind == "user_group")
        .map(|a| BoundGroup {
            id: a.id.clone(),
            name: names
                .get(a.id.as_str())
                .map_or_else(|| a.id.clone(), |n| (*n).to_owned()),
            direct: a.direct,
            via_groups: group_refs(&a.via_groups, &names),
        })
        .collect();
    out.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then_with(|| a.id.cmp(&b.id))
    });
    out
}

/// The ids of the applications among a group's traversal results (the graph can answer other
/// kinds of objects on the same paths).
pub fn application_ids(accesses: &[Access]) -> Vec<String> {
    accesses
        .iter()
        .filter(|a| a.kind == "application")
        .map(|a| a.id.clone())
        .collect()
}
