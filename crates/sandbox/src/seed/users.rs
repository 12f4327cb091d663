//! The sample organisation's users: names, departments, titles, custom attributes and managers,
//! deterministic for a seed. Promises (see [`crate::sample`]): exactly the users in
//! `USER_INDEXES_WITHOUT_LASTNAME` have an empty `lastname`.

use serde_json::{json, Value};

use super::form::With;
use super::ids;
use crate::prng::Prng;
use crate::sample;

const FIRST: [&str; 50] = [
    "Ada", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kemi",
    "Liam", "Maya", "Noah", "Olga", "Priya", "Quinn", "Rosa", "Sam", "Tara", "Umar", "Vera", "Wei",
    "Ximena", "Yusuf", "Zoe", "Arjun", "Bea", "Carlos", "Dana", "Emil", "Fatima", "Gustav", "Hana",
    "Ivan", "Julia", "Kofi", "Lena", "Marco", "Nadia", "Oscar", "Pia", "Rafael", "Sofia", "Tomas",
    "Uma", "Viktor", "Wanda", "Yara", "Zane",
];
const LAST: [&str; 50] = [
    "Adams",
    "Baker",
    "Chen",
    "Diaz",
    "Evans",
    "Fischer",
    "Garcia",
    "Hughes",
    "Ito",
    "Jensen",
    "Khan",
    "Lopez",
    "Muller",
    "Nguyen",
    "Okafor",
    "Patel",
    "Quist",
    "Rossi",
    "Silva",
    "Tanaka",
    "Ueda",
    "Varga",
    "Wong",
    "Xu",
    "Young",
    "Zimmer",
    "Alvarez",
    "Brown",
    "Costa",
    "Dubois",
    "Eriksen",
    "Ferrari",
    "Gomez",
    "Haddad",
    "Iqbal",
    "Johansson",
    "Kowalski",
    "Larsen",
    "Moreau",
    "Novak",
    "Olsen",
    "Petrov",
    "Ramos",
    "Schmidt",
    "Torres",
    "Urban",
    "Vogel",
    "Weber",
    "Yilmaz",
    "Zhang",
];
const DEPARTMENTS: [&str; 10] = [
    "Engineering",
    "Sales",
    "Marketing",
    "Support",
    "Finance",
    "People",
    "Design",
    "IT",
    "Legal",
    "Operations",
];
const TITLES: [&str; 8] = [
    "Engineer",
    "Manager",
    "Analyst",
    "Specialist",
    "Director",
    "Coordinator",
    "Designer",
    "Lead",
];
const LOCATIONS: [&str; 6] = [
    "London",
    "Berlin",
    "New York",
    "Denver",
    "Singapore",
    "Remote",
];
const REGIONS: [&str; 3] = ["EMEA", "AMER", "APAC"];
pub(crate) fn user(i: usize, total: usize, rng: &mut Prng) -> Value {
    let first = FIRST[i % FIRST.len()];
    let last = LAST[(i / FIRST.len() + i) % LAST.len()];
    let username = if i < FIRST.len() * LAST.len() {
        format!("{}.{}", first.to_lowercase(), last.to_lowercase())
    } else {
        format!("{}.{}{}", first.to_lowercase(), last.to_lowercase(), i)
    };
    let lastname = if sample::USER_INDEXES_WITHOUT_LASTNAME.contains(&i) {
        ""
    } else {
        last
    };
    let displayname = if lastname.is_empty() {
        first.to_string()
    } else {
        format!("{first} {lastname}")
    };
    let department = if rng.chance(0.04) {
        ""
    } else {
        *rng.pick(&DEPARTMENTS)
    };
    let manager_index = (i / 25) * 25;
    let manager = if manager_index == i || manager_index >= total {
        String::new()
    } else {
        ids::user(manager_index)
    };
    let mut attributes = vec![
        json!({"name": "costCode", "value": format!("CC-{:03}", rng.below(400))}),
        json!({"name": "region", "value": rng.pick(&REGIONS)}),
    ];
    if !rng.chance(0.05) {
        attributes.push(json!({"name": "badgeId", "value": format!("B{:06}", 100_000 + i)}));
    }
    let mut u = json!({
        "_id": ids::user(i),
        "username": username,
        "email": format!("{username}@example.com"),
        "firstname": first,
        "lastname": lastname,
        "displayname": displayname,
        "department": department,
        "jobTitle": format!("{} {}", department.split(' ').next().unwrap_or(""), rng.pick(&TITLES)).trim().to_string(),
        "company": ids::org_name(),
        "costCenter": format!("{}", 1_000 + rng.below(40) * 10),
        "employeeType": if rng.chance(0.15) { "contractor" } else { "full-time" },
        "location": rng.pick(&LOCATIONS),
        "manager": manager,
        "alternateEmail": format!("{username}@personal.example.net"),
        "description": "Sample data",
        "activated": true,
        "state": "ACTIVATED",
        "suspended": false,
        "account_locked": false,
        "organization": ids::org_id(),
        "created": created(i),
    })
    .with("attributes", Value::Array(attributes));
    // A few users lack an employee number, which JIT connectors that ask for it need.
    if !rng.chance(0.03) {
        if let Some(obj) = u.as_object_mut() {
            obj.insert("employeeIdentifier".into(), json!(format!("E{:05}", i + 1)));
        }
    }
    u
}

pub(crate) fn created(i: usize) -> String {
    format!(
        "2024-{:02}-{:02}T09:{:02}:00.000Z",
        1 + i % 12,
        1 + i % 28,
        i % 60
    )
}
