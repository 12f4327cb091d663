//! The association graph between applications, user groups and users, and JumpCloud's v2
//! traversals over it.
//!
//! Promises: a user group that is a member of another group inherits that group's applications
//! (and so its users reach them); a user can also be bound to an application directly, with no
//! group; every traversal result carries `paths`, one list of hops per way the object is reached,
//! so a client tells direct (one hop to the object) from indirect; results are ordered by id, so
//! paging is stable; cycles in nesting are cut, never looped.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{json, Value};

/// Nesting deeper than this is ignored (JumpCloud limits nesting too; this also guards cycles).
const MAX_DEPTH: usize = 8;

/// The edges, each id held once as a boxed string (no spare capacity): the large organisation has
/// tens of thousands of memberships, and the app that embeds the sandbox pays for them.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Graph {
    /// Application bound to user group.
    #[serde(rename = "applicationUserGroups")]
    pub(crate) bindings: Vec<Binding>,
    /// Members of user groups: users, and user groups nested in them.
    #[serde(rename = "userGroupMembers")]
    pub(crate) members: Vec<Member>,
    /// Users bound to an application directly. Absent from data files written before the
    /// sandbox modelled them, hence the default.
    #[serde(rename = "applicationUsers", default)]
    pub(crate) direct_users: Vec<UserBinding>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct UserBinding {
    pub(crate) application: Box<str>,
    pub(crate) user: Box<str>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Binding {
    pub(crate) application: Box<str>,
    pub(crate) group: Box<str>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Member {
    pub(crate) group: Box<str>,
    #[serde(rename = "type")]
    pub(crate) kind: MemberKind,
    pub(crate) id: Box<str>,
}

/// What a member is: "user" or "user_group"; any other name read from a file is kept as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum MemberKind {
    User,
    UserGroup,
    Other(Box<str>),
}

impl MemberKind {
    pub(crate) fn as_str(&self) -> &str {
        match self {
            MemberKind::User => "user",
            MemberKind::UserGroup => "user_group",
            MemberKind::Other(name) => name,
        }
    }
}

impl From<&str> for MemberKind {
    fn from(name: &str) -> Self {
        match name {
            "user" => MemberKind::User,
            "user_group" => MemberKind::UserGroup,
            other => MemberKind::Other(other.into()),
        }
    }
}

impl Serialize for MemberKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for MemberKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = std::borrow::Cow::<str>::deserialize(d)?;
        Ok(MemberKind::from(name.as_ref()))
    }
}

/// One hop of a path: the object reached.
type Hop = (String, &'static str);

impl Graph {
    pub(crate) fn bind(&mut self, application: &str, group: &str) {
        let b = Binding {
            application: application.into(),
            group: group.into(),
        };
        if !self.bindings.contains(&b) {
            self.bindings.push(b);
        }
    }

    pub(crate) fn unbind(&mut self, application: &str, group: &str) {
        self.bindings
            .retain(|b| !(&*b.application == application && &*b.group == group));
    }

    pub(crate) fn bind_user(&mut self, application: &str, user: &str) {
        let b = UserBinding {
            application: application.into(),
            user: user.into(),
        };
        if !self.direct_users.contains(&b) {
            self.direct_users.push(b);
        }
    }

    pub(crate) fn unbind_user(&mut self, application: &str, user: &str) {
        self.direct_users
            .retain(|b| !(&*b.application == application && &*b.user == user));
    }

    /// Drops every edge touching `id` (an application, group or user that was deleted).
    pub(crate) fn forget(&mut self, id: &str) {
        self.bindings
            .retain(|b| &*b.application != id && &*b.group != id);
        self.members.retain(|m| &*m.group != id && &*m.id != id);
        self.direct_users
            .retain(|b| &*b.application != id && &*b.user != id);
    }

    /// Users bound to an application directly (not through a group), sorted by id.
    fn direct_users_of(&self, application: &str) -> Vec<&str> {
        let mut users: Vec<&str> = self
            .direct_users
            .iter()
            .filter(|b| &*b.application == application)
            .map(|b| &*b.user)
            .collect();
        users.sort_unstable();
        users
    }

    /// Users bound directly to an application, as GraphConnection items.
    pub(crate) fn application_user_associations(&self, application: &str) -> Vec<Value> {
        self.direct_users_of(application)
            .into_iter()
            .map(|u| connection(u, "user"))
            .collect()
    }

    /// Groups bound directly to an application, as GraphConnection items.
    pub(crate) fn application_associations(&self, application: &str) -> Vec<Value> {
        let mut groups: Vec<&str> = self
            .bindings
            .iter()
            .filter(|b| &*b.application == application)
            .map(|b| &*b.group)
            .collect();
        groups.sort_unstable();
        groups
            .into_iter()
            .map(|g| connection(g, "user_group"))
            .collect()
    }

    /// Applications bound directly to a group, as GraphConnection items.
    pub(crate) fn group_associations(&self, group: &str) -> Vec<Value> {
        let mut apps: Vec<&str> = self
            .bindings
            .iter()
            .filter(|b| &*b.group == group)
            .map(|b| &*b.application)
            .collect();
        apps.sort_unstable();
        apps.into_iter()
            .map(|a| connection(a, "application"))
            .collect()
    }

    /// Direct members of a group (users and nested groups), as GraphConnection items.
    pub(crate) fn group_members(&self, group: &str) -> Vec<Value> {
        let mut members: Vec<&Member> =
            self.members.iter().filter(|m| &*m.group == group).collect();
        members.sort_by(|a, b| (a.kind.as_str(), &a.id).cmp(&(b.kind.as_str(), &b.id)));
        members
            .into_iter()
            .map(|m| {
                connection(
                    &m.id,
                    if m.kind == MemberKind::UserGroup {
                        "user_group"
                    } else {
                        "user"
                    },
                )
            })
            .collect()
    }

    /// Groups reaching an application: bound ones, and groups nested in them.
    pub(crate) fn application_groups(&self, application: &str) -> Vec<Value> {
        let mut found = BTreeMap::new();
        for path in self.group_paths_of(application) {
            let last = path.last().cloned();
            if let Some((id, _)) = last {
                found.entry(id).or_insert_with(Vec::new).push(path);
            }
        }
        with_paths(found, "user_group")
    }

    /// Users reaching an application: bound to it directly, or through any group (bound or nested).
    pub(crate) fn application_users(&self, application: &str) -> Vec<Value> {
        let mut found: BTreeMap<String, Vec<Vec<Hop>>> = BTreeMap::new();
        for user in self.direct_users_of(application) {
            found
                .entry(user.to_owned())
                .or_default()
                .push(vec![(user.to_owned(), "user")]);
        }
        for path in self.group_paths_of(application) {
            let Some((group, _)) = path.last() else {
                continue;
            };
            for m in self
                .members
                .iter()
                .filter(|m| *m.group == **group && m.kind == MemberKind::User)
            {
                let mut p = path.clone();
                p.push((m.id.to_string(), "user"));
                found.entry(m.id.to_string()).or_default().push(p);
            }
        }
        with_paths(found, "user")
    }

    /// Ids of the groups on any path by which `user` reaches `application`: the groups the user
    /// is a member of that reach it, and the bound groups those are nested in (sorted, once each).
    pub(crate) fn user_groups_reaching(&self, application: &str, user: &str) -> Vec<String> {
        let mut found = std::collections::BTreeSet::new();
        for path in self.group_paths_of(application) {
            let Some((group, _)) = path.last() else {
                continue;
            };
            if self
                .members
                .iter()
                .any(|m| *m.group == **group && m.kind == MemberKind::User && &*m.id == user)
            {
                found.extend(path.iter().map(|(id, _)| id.clone()));
            }
        }
        found.into_iter().collect()
    }

    /// Applications a group reaches: bound to it, or to a group it is (transitively) a member of.
    pub(crate) fn group_applications(&self, group: &str) -> Vec<Value> {
        let mut found: BTreeMap<String, Vec<Vec<Hop>>> = BTreeMap::new();
        // Each entry: the chain of parent groups walked so far (not including `group` itself).
        let mut frontier: Vec<(String, Vec<Hop>)> = vec![(group.to_string(), Vec::new())];
        let mut seen: HashSet<String> = HashSet::from([group.to_string()]);
        for _ in 0..MAX_DEPTH {
            let mut next = Vec::new();
            for (g, chain) in &frontier {
                for b in self.bindings.iter().filter(|b| *b.group == **g) {
                    let mut p = chain.clone();
                    p.push((b.application.to_string(), "application"));
                    found.entry(b.application.to_string()).or_default().push(p);
                }
                for m in self
                    .members
                    .iter()
                    .filter(|m| m.kind == MemberKind::UserGroup && *m.id == **g)
                {
                    if seen.insert(m.group.to_string()) {
                        let mut p = chain.clone();
                        p.push((m.group.to_string(), "user_group"));
                        next.push((m.group.to_string(), p));
                    }
                }
            }
            if next.is_empty() {
                break;
            }
            frontier = next;
        }
        with_paths(found, "application")
    }

    /// Every path from an application to a group reaching it: [bound] or [bound, nested, ...].
    fn group_paths_of(&self, application: &str) -> Vec<Vec<Hop>> {
        let mut paths: Vec<Vec<Hop>> = Vec::new();
        let mut frontier: Vec<Vec<Hop>> = self
            .bindings
            .iter()
            .filter(|b| &*b.application == application)
            .map(|b| vec![(b.group.to_string(), "user_group")])
            .collect();
        for _ in 0..MAX_DEPTH {
            let mut next = Vec::new();
            for path in &frontier {
                let Some((g, _)) = path.last() else { continue };
                for m in self
                    .members
                    .iter()
                    .filter(|m| m.kind == MemberKind::UserGroup && *m.group == **g)
                {
                    if path.iter().all(|(id, _)| **id != *m.id) {
                        let mut p = path.clone();
                        p.push((m.id.to_string(), "user_group"));
                        next.push(p);
                    }
                }
            }
            paths.append(&mut frontier);
            if next.is_empty() {
                break;
            }
            frontier = next;
        }
        paths
    }
}

fn connection(id: &str, kind: &str) -> Value {
    json!({"to": {"id": id, "type": kind}})
}

fn with_paths(found: BTreeMap<String, Vec<Vec<Hop>>>, kind: &str) -> Vec<Value> {
    found
        .into_iter()
        .map(|(id, paths)| {
            let paths: Vec<Value> = paths
                .into_iter()
                .map(|p| Value::Array(p.into_iter().map(|(id, k)| connection(&id, k)).collect()))
                .collect();
            json!({"id": id, "type": kind, "compiledAttributes": {}, "paths": paths})
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A membership, added once (the seed builds its graph faster by other means).
    fn add_member(g: &mut Graph, group: &str, kind: &str, id: &str) {
        let m = Member {
            group: group.into(),
            kind: MemberKind::from(kind),
            id: id.into(),
        };
        if !g.members.contains(&m) {
            g.members.push(m);
        }
    }

    #[test]
    fn nested_group_inherits_applications_with_a_longer_path() {
        let mut g = Graph::default();
        g.bind("app", "parent");
        add_member(&mut g, "parent", "user_group", "child");
        add_member(&mut g, "child", "user", "u1");
        add_member(&mut g, "parent", "user", "u2");
        let users = g.application_users("app");
        assert_eq!(
            users.len(),
            2,
            "both the direct and the nested member reach the app"
        );
        let u1 = users.iter().find(|u| u["id"] == "u1").expect("u1 listed");
        assert_eq!(
            u1["paths"][0].as_array().map(Vec::len),
            Some(3),
            "app > parent > child > user"
        );
        let apps = g.group_applications("child");
        assert_eq!(
            apps[0]["paths"][0][0]["to"]["id"], "parent",
            "inherited through the parent"
        );
    }

    #[test]
    fn a_user_bound_directly_reaches_the_app_in_one_hop_and_once() {
        let mut g = Graph::default();
        g.bind("app", "group");
        add_member(&mut g, "group", "user", "both");
        g.bind_user("app", "both");
        g.bind_user("app", "alone");
        g.bind_user("app", "alone");
        let users = g.application_users("app");
        assert_eq!(
            users.len(),
            2,
            "each user once, however many ways: {users:?}"
        );
        let alone = users
            .iter()
            .find(|u| u["id"] == "alone")
            .expect("alone listed");
        assert_eq!(
            alone["paths"],
            json!([[{"to": {"id": "alone", "type": "user"}}]])
        );
        let both = users
            .iter()
            .find(|u| u["id"] == "both")
            .expect("both listed");
        assert_eq!(
            both["paths"].as_array().map(Vec::len),
            Some(2),
            "directly and through the group"
        );
        assert_eq!(
            g.application_user_associations("app"),
            vec![connection("alone", "user"), connection("both", "user")],
            "direct edges only, sorted, without the repeat"
        );
        g.forget("alone");
        g.unbind_user("app", "both");
        assert!(g.application_user_associations("app").is_empty());
        assert_eq!(
            g.application_users("app").len(),
            1,
            "both still reaches through the group"
        );
    }

    #[test]
    fn cycles_end() {
        let mut g = Graph::default();
        g.bind("app", "a");
        add_member(&mut g, "a", "user_group", "b");
        add_member(&mut g, "b", "user_group", "a");
        assert_eq!(
            g.application_groups("app").len(),
            2,
            "a cycle lists each group once"
        );
        assert_eq!(g.group_applications("b").len(), 1);
    }
}
