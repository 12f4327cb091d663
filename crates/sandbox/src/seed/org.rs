//! The configured part of the sample organisation: applications made from the catalog, user
//! groups (some nested), users (some missing attributes JIT needs) and the graph binding them.
//!
//! Promises (see [`crate::sample`]): application 0 is "Slack (sample data)", a JIT application
//! bound to group 0; group 1 is a member of group 0, so its users reach Slack indirectly; exactly
//! the users in `USERS_WITHOUT_LASTNAME` have an empty `lastname`, and all of them reach Slack,
//! one of them ([`sample::DIRECTLY_BOUND_USER_ID`]) only by being bound to it directly. Every
//! sixth application from the third on has two users bound to it directly as well. After the
//! ordinary applications come [`SHAPES`] more that hold shapes real organisations hold (see
//! [`sample::TENANT_APP_LABEL`], [`sample::MULTI_ACS_APP_LABEL`],
//! [`sample::BASE64_CERT_APP_LABEL`]), then the odd application when asked for.

use std::sync::Arc;

use serde_json::{json, Value};

use super::certs::{self, IdpCert};
use super::form::{attribute_container, saml_form, FormValues, With};
use super::ids;
use super::shapes::{shaped, Shape};
use super::templates::{slug, COLORS};
use super::users::{created, user};
use crate::graph::{Binding, Graph, Member, MemberKind};
use crate::prng::Prng;
use crate::sample;
use crate::store::{Collections, Docs};
use crate::Size;

const DEMO_GROUPS: [&str; 20] = [
    "Slack Workspace",
    "Engineering",
    "Sales",
    "Marketing",
    "Support",
    "Support Tier 2",
    "Finance",
    "People Ops",
    "Design",
    "Design Contractors",
    "IT",
    "Security",
    "Legal",
    "Product",
    "Data",
    "Operations",
    "Executives",
    "Interns",
    "Contractors",
    "Partners",
];

/// Applications seeded after the ordinary ones, each showing a shape of real objects.
pub(crate) const SHAPES: usize = 3;

/// How many of each an organisation holds.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Counts {
    /// Ordinary applications and the [`SHAPES`] after them.
    applications: usize,
    groups: usize,
    users: usize,
}

impl Counts {
    /// The sample organisation of a size.
    pub(crate) fn of(size: Size) -> Self {
        match size {
            Size::Demo => Counts {
                applications: 30 + SHAPES,
                groups: 20,
                users: 500,
            },
            Size::Large => Counts {
                applications: 2_000 + SHAPES,
                groups: 500,
                users: 50_000,
            },
        }
    }

    /// A provider's client organisation `k` (1 and up): of varied size, from 5 to 23
    /// applications, or exactly `applications` when given (at least the Slack demo, the custom
    /// SAML application and the [`SHAPES`]). Every organisation keeps the users
    /// [`sample::USER_INDEXES_WITHOUT_LASTNAME`] names, so it has at least 302 of them.
    pub(crate) fn client(k: usize, applications: Option<usize>) -> Self {
        let applications = match applications {
            Some(n) => n.max(2 + SHAPES),
            None => 2 + (k * 7) % 19 + SHAPES,
        };
        Counts {
            applications,
            groups: DEMO_GROUPS.len(),
            users: 310 + (k * 53) % 190,
        }
    }
}

/// The catalog every organisation is seeded from: JumpCloud's templates, the same for all (so
/// a sandbox of many organisations holds them once), and what choosing templates reads of them.
#[derive(Clone)]
pub(crate) struct Catalog {
    pub(crate) templates: Arc<Docs>,
    listings: Vec<Listing>,
}

/// The catalog of a seed and size. It depends on nothing else (not on the organisation being
/// seeded) and is never changed once made, so a process makes each one once: a test run starts
/// hundreds of sandboxes, and making the catalog was most of what seeding one cost.
pub(crate) fn catalog(seed: u64, size: Size) -> Catalog {
    static MADE: std::sync::Mutex<Vec<((u64, Size), Catalog)>> = std::sync::Mutex::new(Vec::new());
    let mut made = MADE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some((_, known)) = made.iter().find(|(key, _)| *key == (seed, size)) {
        return known.clone();
    }
    let fresh = make_catalog(seed, size);
    made.push(((seed, size), fresh.clone()));
    fresh
}

fn make_catalog(seed: u64, size: Size) -> Catalog {
    // Each document is stored as text as soon as it is made; only what choosing templates for
    // the applications needs is kept of the catalog.
    let mut templates = Docs::new("_id");
    let mut listings = Vec::new();
    super::templates::each(seed, size, |t| {
        listings.push(Listing::of(&t));
        templates.push(&t);
    });
    Catalog {
        templates: Arc::new(templates),
        listings,
    }
}

/// The whole sample organisation for a seed and size.
pub(crate) fn generate(seed: u64, size: Size, odd_application: bool) -> Collections {
    organisation(
        seed,
        &catalog(seed, size),
        Counts::of(size),
        odd_application,
    )
}

/// One organisation from `catalog`, for the tenant being seeded on this thread (see
/// [`ids::as_tenant`]).
pub(crate) fn organisation(
    seed: u64,
    catalog: &Catalog,
    counts: Counts,
    odd_application: bool,
) -> Collections {
    let templates = catalog.templates.clone();
    let mut rng = Prng::new(seed ^ 0x000A_11CE);
    let users = Docs::of(
        (0..counts.users).map(|i| user(i, counts.users, &mut rng)),
        "_id",
    );
    let groups = Docs::of((0..counts.groups).map(group), "id");
    let applications = applications(
        &templates,
        &catalog.listings,
        counts.applications - SHAPES,
        seed,
        odd_application,
        &mut rng,
    );
    let mut graph = graph(&counts);
    if odd_application {
        graph.bindings.push(Binding {
            application: ids::application(counts.applications).into(),
            group: ids::group(2).into(),
        });
    }
    Collections::new(templates, applications, users, groups, graph)
}

fn group(i: usize) -> Value {
    let name = match DEMO_GROUPS.get(i) {
        Some(name) => format!("{name} (sample data)"),
        None => format!("Team {i:03} (sample data)"),
    };
    json!({
        "id": ids::group(i),
        "name": name,
        "type": "user_group",
        "description": "Sample data",
        "attributes": {},
        "organizationObjectId": ids::org_id(),
    })
}

/// What choosing a template for an application reads of it.
#[derive(Clone)]
struct Listing {
    name: Option<String>,
    display_name: Option<String>,
    jit: bool,
}

impl Listing {
    fn of(template: &Value) -> Self {
        let text = |key: &str| template[key].as_str().map(str::to_owned);
        Self {
            name: text("name"),
            display_name: text("displayName"),
            jit: template.pointer("/sso/jit").and_then(Value::as_bool) == Some(true),
        }
    }

    fn is_slack(&self) -> bool {
        self.name.as_deref() == Some(sample::SLACK_TEMPLATE_NAME)
    }
}

/// Applications: Slack first (the readiness demo), then mostly JIT connectors, a few plain ones
/// and one custom SAML app. `catalog` lists `templates` in order.
fn applications(
    templates: &Docs,
    catalog: &[Listing],
    count: usize,
    seed: u64,
    odd: bool,
    rng: &mut Prng,
) -> Docs {
    let slack = catalog.iter().position(Listing::is_slack);
    let jit: Vec<usize> = (0..catalog.len())
        .filter(|&t| catalog[t].jit && !catalog[t].is_slack())
        .collect();
    let plain: Vec<usize> = (1..catalog.len()).filter(|&t| !catalog[t].jit).collect();
    // Positions in the catalog.
    let mut picked: Vec<usize> = Vec::with_capacity(count);
    picked.extend(slack);
    let (mut j, mut p) = (0usize, 0usize);
    while picked.len() < count {
        let n = picked.len();
        if n == count - 1 {
            picked.push(0); // the custom SAML connector
        } else if n % 4 == 3 && !plain.is_empty() {
            picked.push(plain[p % plain.len()]);
            p += 1;
        } else if !jit.is_empty() {
            picked.push(jit[j % jit.len()]);
            j += 1;
        } else {
            picked.push(0);
        }
    }
    let mut seen = std::collections::HashMap::<String, usize>::new();
    let mut labels: Vec<String> = picked
        .iter()
        .enumerate()
        .map(|(i, &t)| {
            let display = catalog[t]
                .display_name
                .as_deref()
                .unwrap_or("App")
                .to_string();
            let n = seen.entry(display.clone()).or_insert(0);
            *n += 1;
            match (i, *n) {
                (_, _) if i == count - 1 => "Internal Wiki (sample data)".to_string(),
                (_, 1) => format!("{display} (sample data)"),
                (_, k) => format!("{display} {k} (sample data)"),
            }
        })
        .collect();
    labels.extend(
        [
            sample::TENANT_APP_LABEL,
            sample::MULTI_ACS_APP_LABEL,
            sample::BASE64_CERT_APP_LABEL,
        ]
        .map(String::from),
    );
    if odd {
        labels.push(sample::ODD_APPLICATION_LABEL.to_string());
    }
    let mut expiry_rng = Prng::new(seed ^ 0x0000_CE27_5EED);
    let offsets: Vec<i64> = (0..labels.len())
        .map(|i| certs::expiry_offset_days(seed, i, &mut expiry_rng))
        .collect();
    let mut certs = certs::generate(certs::today(), &offsets, &labels, 0).into_iter();
    let template = |t: usize| templates.value_at(t).unwrap_or(Value::Null);
    let mut apps = Docs::new("_id");
    for (i, (&t, label)) in picked.iter().zip(&labels).enumerate() {
        let cert = certs.next().expect("one certificate per application");
        apps.push(&application(i, &template(t), label, cert, rng));
    }
    let tenant_template = catalog
        .iter()
        .position(|l| l.name.as_deref() == Some(sample::TENANT_APP_TEMPLATE_NAME))
        .unwrap_or(0);
    for (k, shape) in [Shape::Tenant, Shape::MultiAcs, Shape::Base64Certificate]
        .into_iter()
        .enumerate()
    {
        let i = count + k;
        let cert = certs.next().expect("one certificate per application");
        let t = if shape == Shape::Tenant {
            tenant_template
        } else {
            0
        };
        let mut app = application(i, &template(t), &labels[i], cert, rng);
        shaped(&mut app, shape);
        apps.push(&app);
    }
    if odd {
        let cert = certs.next().expect("one certificate per application");
        apps.push(&odd_application(count + SHAPES, &template(0), cert, rng));
    }
    apps
}

fn application(i: usize, template: &Value, label: &str, cert: IdpCert, rng: &mut Prng) -> Value {
    let name = template["name"].as_str().unwrap_or("custom-saml-app");
    let display = template["displayName"]
        .as_str()
        .unwrap_or("SAML 2.0 connector");
    let s = slug(label);
    let jit = template.pointer("/sso/jit").and_then(Value::as_bool) == Some(true);
    let mut rows: Vec<Value> = template
        .pointer("/jit/attributes")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(sp, prop)| json!({"name": sp, "value": prop, "required": true, "readOnly": true, "visible": true}))
                .collect()
        })
        .unwrap_or_default();
    if i > 0 {
        if i % 8 == 5 && rows.len() > 1 {
            rows.pop(); // template drift: a JIT-required row is missing
        }
        if i % 9 == 4 {
            if let Some(obj) = rows.last_mut().and_then(Value::as_object_mut) {
                obj.insert("visible".into(), json!(false)); // an opted-out JIT attribute
            }
        }
        if i.is_multiple_of(3) {
            rows.push(json!({"name": "department", "value": "department"}));
        }
        if i % 5 == 2 {
            // A custom attribute, by its bare name as JumpCloud stores one.
            rows.push(json!({"name": "region", "value": "region", "visible": false}));
        }
        if i % 6 == 1 {
            rows.push(json!({"name": "groupHint", "value": "jobTitle", "x-sample-note": "unknown key, keep it"}));
        }
    }
    if i == 0 || i % 4 == 1 {
        rows.push(json!({"name": "costCode", "value": "costCode"}));
    }
    let mut constants = Vec::new();
    if i == 0 {
        constants.push(json!({"name": "workspace", "value": "example-sample"}));
    } else if i.is_multiple_of(2) {
        constants.push(json!({"name": "tenant", "value": format!("example-{s}")}));
    }
    let sso_url = format!("https://sso.jumpcloud.com/saml2/{s}");
    let include_groups = i % 4 == 2;
    let mut config = saml_form(
        FormValues {
            acs_url: format!("https://{s}.example.com/saml/acs"),
            sp_entity_id: format!("https://{s}.example.com"),
            idp_entity_id: sso_url.clone(),
            idp_certificate: cert.certificate_pem,
            idp_private_key: cert.private_key_pem,
            include_groups,
            groups_attribute_name: if include_groups {
                "memberOf".into()
            } else {
                String::new()
            },
        },
        rows,
        constants,
    );
    if i % 7 == 3 {
        if let Some(entry) = config
            .get_mut("subjectField")
            .and_then(Value::as_object_mut)
        {
            entry.insert("value".into(), json!("username"));
        }
    }
    let color = COLORS[rng.below(COLORS.len())];
    let created = created(i);
    let mut app = json!({
        "_id": ids::application(i),
        "id": ids::application(i),
        "active": true,
        "name": name,
        "displayName": display,
        "displayLabel": label,
        "beta": false,
        "color": null,
        "organization": ids::org_id(),
        "logo": {"url": format!("/logos/{name}.png"), "color": color},
        "ssoUrl": sso_url,
        "learnMore": format!("https://support.example.com/connectors/{name}"),
        "description": format!("Sample data: a configured {display} connector."),
    })
    .with("config", config)
    .with("databaseAttributes", json!([]))
    .with("created", Value::String(created.clone()))
    .with(
        "sso",
        json!({
            "jit": jit, "beta": false, "type": "saml", "hidden": false,
            "idpCertExpirationAt": cert.expires,
            "idpCertificateUpdatedAt": cert.issued,
            "idpPrivateKeyUpdatedAt": cert.issued,
            "spCertificateUpdatedAt": created,
        }),
    );
    if name != sample::CUSTOM_SAML_TEMPLATE_NAME {
        if let (Some(obj), Some(parent)) = (app.as_object_mut(), template.get("_id")) {
            obj.insert("parentApp".into(), parent.clone());
        }
    }
    if i % 5 == 4 {
        if let Some(obj) = app.as_object_mut() {
            // Fields the published spec does not list: a lossless client sends them back.
            obj.insert(
                "x-sample-extension".into(),
                json!({"kept": true, "note": "unknown field"}),
            );
        }
    }
    app
}

/// An application the client cannot fully understand, for the fidelity report: its constant list
/// holds an entry that is not an object, and its config has an attribute container of a `type`
/// nobody documents.
fn odd_application(i: usize, template: &Value, cert: IdpCert, rng: &mut Prng) -> Value {
    let mut app = application(i, template, sample::ODD_APPLICATION_LABEL, cert, rng);
    if let Some(config) = app.get_mut("config").and_then(Value::as_object_mut) {
        if let Some(list) = config
            .get_mut("constantAttributes")
            .and_then(|c| c.get_mut("value"))
            .and_then(Value::as_array_mut)
        {
            list.push(json!("tenant=example-odd"));
            list.push(json!({"name": "region", "value": "EMEA"}));
        }
        let mut unknown = attribute_container(
            "SOME UNKNOWN ATTRIBUTES:",
            13,
            "Dynamic",
            vec![json!({"name": "entitlements", "value": "costCode", "scope": "tenant"})],
        );
        if let Some(obj) = unknown.as_object_mut() {
            obj.insert("type".into(), json!("entitlementAttributes"));
        }
        config.insert("someUnknownAttributes".into(), unknown);
    }
    app
}

/// Group memberships and application bindings; see the module promises.
fn graph(c: &Counts) -> Graph {
    let mut g = Graph::default();
    let groups = c.groups;
    // Pairs already added: `Graph::add_member` checks by scanning, too slow for 50,000 users.
    let mut seen = std::collections::HashSet::new();
    let mut member = |g: &mut Graph, group: usize, kind: MemberKind, id: String| {
        if seen.insert((group, id.clone())) {
            g.members.push(Member {
                group: ids::group(group).into(),
                kind,
                id: id.into(),
            });
        }
    };
    for u in 0..c.users {
        member(&mut g, u % groups, MemberKind::User, ids::user(u));
        if u % 7 == 0 {
            member(&mut g, (u / 7) % groups, MemberKind::User, ids::user(u));
        }
    }
    for (k, &u) in sample::USER_INDEXES_WITHOUT_LASTNAME.iter().enumerate() {
        match k {
            0 | 1 => member(&mut g, 0, MemberKind::User, ids::user(u)),
            // Reaches Slack through no group at all: bound to it directly.
            2 => g.bind_user(&ids::application(0), &ids::user(u)),
            _ => member(&mut g, 1, MemberKind::User, ids::user(u)),
        }
    }
    // A few more users bound directly (a contractor, an auditor), to some other applications.
    for a in (1..c.applications).filter(|a| a % 6 == 2) {
        for salt in [11, 5] {
            let u = (a * 53 + salt * 97) % c.users;
            g.bind_user(&ids::application(a), &ids::user(u));
        }
    }
    // Nesting: group n+1 is a member of group n and inherits n's applications.
    for parent in (0..groups.saturating_sub(1)).filter(|p| *p == 0 || p % 4 == 0) {
        member(
            &mut g,
            parent,
            MemberKind::UserGroup,
            ids::group(parent + 1),
        );
    }
    g.bindings.push(Binding {
        application: ids::application(0).into(),
        group: ids::group(0).into(),
    });
    for a in 1..c.applications {
        let first = 1 + a % (groups - 1).max(1);
        g.bindings.push(Binding {
            application: ids::application(a).into(),
            group: ids::group(first).into(),
        });
        let second = 1 + (a * 3) % (groups - 1).max(1);
        if a % 5 == 0 && second != first {
            g.bindings.push(Binding {
                application: ids::application(a).into(),
                group: ids::group(second).into(),
            });
        }
    }
    g
}
