//! Readiness: who can sign in to an application, and whose JIT-required attributes would arrive
//! empty. Promises: nested user groups are followed to any depth and a cycle is visited once; a
//! user reachable along several paths counts once; only rows that are switched on and JIT-required
//! are checked; whitespace-only counts as empty; nothing is allocated per ready user.

use std::cmp::Ordering;

use super::columns::IndexSet;
use super::report::{
    ApplicationReadiness, ApplicationReadinessSummary, BoundBy, RequiredAttribute, UserNotReady,
    ValueSource,
};
use super::snapshot::{CompiledApplication, CompiledRow, OrgSnapshot, ValueRef};
use super::ReadinessError;

/// Scratch sets reused across applications so the organisation overview allocates them once.
struct Scratch {
    users: IndexSet,
    /// Users who reach the application only by being bound to it directly.
    direct_only: IndexSet,
    groups: IndexSet,
    queue: Vec<u32>,
}

impl Scratch {
    fn new(snapshot: &OrgSnapshot) -> Self {
        Self {
            users: IndexSet::with_len(snapshot.users.len()),
            direct_only: IndexSet::with_len(snapshot.users.len()),
            groups: IndexSet::with_len(snapshot.groups.len()),
            queue: Vec::new(),
        }
    }

    /// Marks in `self.users` everyone who can sign in to the application.
    fn collect_eligible(&mut self, snapshot: &OrgSnapshot, app: &CompiledApplication) {
        self.users.clear();
        self.direct_only.clear();
        self.groups.clear();
        self.queue.clear();
        for &group in &app.groups {
            if self.groups.insert(group) {
                self.queue.push(group);
            }
        }
        // Breadth over member groups; the visited set makes cycles terminate.
        while let Some(group) = self.queue.pop() {
            let Some(group) = snapshot.groups.get(group as usize) else {
                continue;
            };
            for &user in &group.users {
                self.users.insert(user);
            }
            for &member in &group.groups {
                if self.groups.insert(member) {
                    self.queue.push(member);
                }
            }
        }
        for &user in &app.users {
            if self.users.insert(user) {
                self.direct_only.insert(user);
            }
        }
    }

    /// How an eligible user reaches the application (after [`Self::collect_eligible`]).
    fn bound_by(&self, app: &CompiledApplication, user: u32) -> BoundBy {
        if self.direct_only.contains(user) {
            BoundBy::Directly
        } else if app.users.binary_search(&user).is_ok() {
            BoundBy::DirectlyAndGroups
        } else {
            BoundBy::Groups
        }
    }
}

/// A checked attribute with its column looked up once per application.
enum Check<'a> {
    Column(&'a super::columns::Column),
    Always(bool),
}

impl Check<'_> {
    #[inline]
    fn filled(&self, user: u32) -> bool {
        match self {
            Check::Column(column) => column.is_filled(user),
            Check::Always(filled) => *filled,
        }
    }
}

fn check_for<'a>(snapshot: &'a OrgSnapshot, value: &ValueRef) -> Check<'a> {
    let column = match value {
        ValueRef::Property(_, Some(id)) => snapshot.properties.get(*id),
        ValueRef::Custom(_, Some(id)) => snapshot.custom.get(*id),
        ValueRef::Constant(_, filled) => return Check::Always(*filled),
        ValueRef::Property(_, None) | ValueRef::Custom(_, None) => None,
    };
    column.map_or(Check::Always(false), Check::Column)
}

pub(crate) fn source_of(value: &ValueRef) -> ValueSource {
    match value {
        ValueRef::Property(p, _) => ValueSource::Property {
            property: p.clone(),
        },
        ValueRef::Custom(c, _) => ValueSource::Custom {
            attribute: c.clone(),
        },
        ValueRef::Constant(k, _) => ValueSource::Constant { value: k.clone() },
    }
}

fn checked_rows(app: &CompiledApplication) -> impl Iterator<Item = &CompiledRow> {
    app.rows.iter().filter(|r| r.on && r.jit_required)
}

/// Readiness of one application, with the users who are not ready and what they lack.
pub fn application_readiness(
    snapshot: &OrgSnapshot,
    application_id: &str,
) -> Result<ApplicationReadiness, ReadinessError> {
    let app = snapshot.application(application_id)?;
    let mut scratch = Scratch::new(snapshot);
    scratch.collect_eligible(snapshot, app);

    let checked: Vec<RequiredAttribute> = checked_rows(app)
        .map(|r| RequiredAttribute {
            name: r.name.clone(),
            source: source_of(&r.value),
        })
        .collect();
    let checks: Vec<Check> = checked_rows(app)
        .map(|r| check_for(snapshot, &r.value))
        .collect();

    let mut users = 0u32;
    let mut users_not_ready = Vec::new();
    for user in scratch.users.iter() {
        users += 1;
        let mut missing = Vec::new();
        for (check, attribute) in checks.iter().zip(&checked) {
            if !check.filled(user) {
                missing.push(attribute.clone());
            }
        }
        if missing.is_empty() {
            continue;
        }
        if let Some(identity) = snapshot.users.get(user as usize) {
            users_not_ready.push(UserNotReady {
                user_id: identity.id.clone(),
                username: identity.username.clone(),
                email: identity.email.clone(),
                name: identity.name.clone(),
                missing,
                bound_by: scratch.bound_by(app, user),
            });
        }
    }
    let not_ready = u32::try_from(users_not_ready.len()).unwrap_or(u32::MAX);
    Ok(ApplicationReadiness {
        application_id: app.id.clone(),
        application_name: app.label.clone(),
        template_name: app.template.clone(),
        jit: app.jit,
        checked_attributes: checked,
        switched_off: app
            .rows
            .iter()
            .filter(|r| !r.on && r.jit_required)
            .map(|r| r.name.clone())
            .collect(),
        unmapped: app.unmapped.clone(),
        users,
        ready: users - not_ready,
        not_ready,
        users_not_ready,
    })
}

fn summarize(
    snapshot: &OrgSnapshot,
    app: &CompiledApplication,
    scratch: &mut Scratch,
) -> ApplicationReadinessSummary {
    scratch.collect_eligible(snapshot, app);
    let checks: Vec<Check> = checked_rows(app)
        .map(|r| check_for(snapshot, &r.value))
        .collect();
    let (mut users, mut ready) = (0u32, 0u32);
    for user in scratch.users.iter() {
        users += 1;
        if checks.iter().all(|c| c.filled(user)) {
            ready += 1;
        }
    }
    ApplicationReadinessSummary {
        application_id: app.id.clone(),
        application_name: app.label.clone(),
        template_name: app.template.clone(),
        users,
        ready,
        not_ready: users - ready,
        unmapped: u32::try_from(app.unmapped.len()).unwrap_or(u32::MAX),
    }
}

/// Worst first: most users not ready, then the highest share not ready, then by name.
pub(crate) fn worst_first(
    a: &ApplicationReadinessSummary,
    b: &ApplicationReadinessSummary,
) -> Ordering {
    // Compare not_ready/users shares exactly by cross-multiplying (an empty app has share 0).
    let share =
        |s: &ApplicationReadinessSummary| (u64::from(s.not_ready), u64::from(s.users.max(1)));
    let ((an, ad), (bn, bd)) = (share(a), share(b));
    b.not_ready
        .cmp(&a.not_ready)
        .then_with(|| (bn * ad).cmp(&(an * bd)))
        .then_with(|| a.application_name.cmp(&b.application_name))
        .then_with(|| a.application_id.cmp(&b.application_id))
}

/// Readiness counts of every application with JIT on, worst first.
pub fn org_readiness(snapshot: &OrgSnapshot) -> Vec<ApplicationReadinessSummary> {
    let mut scratch = Scratch::new(snapshot);
    let mut summaries: Vec<ApplicationReadinessSummary> = snapshot
        .applications
        .iter()
        .filter(|app| app.jit)
        .map(|app| summarize(snapshot, app, &mut scratch))
        .collect();
    summaries.sort_by(worst_first);
    summaries
}
