//! The seeded catalog of application templates: well-known SaaS names first, generated names for
//! the rest, shaped like JumpCloud's `applicationtemplate` with a SAML config form.
//!
//! Promises: index 0 is the custom SAML connector (`custom-saml-app`, no JIT attributes), index 1
//! is Zoom (JIT, keyword "video"); ids depend only on the index, so they are stable across seeds;
//! the same seed and size always give the same catalog.

use serde_json::{json, Map, Value};

use super::form::{saml_form, FormValues, With};
use super::ids;
use crate::prng::Prng;
use crate::sample;
use crate::Size;

/// The palette allowed by the spec's `color` enum.
pub(crate) const COLORS: [&str; 12] = [
    "#202D38", "#005466", "#3E8696", "#006CAC", "#0617AC", "#7C6ADA", "#D5779D", "#9E2F00",
    "#FFB000", "#58C469", "#57C49F", "#FF6C03",
];

/// Well-known SaaS names by category; the category becomes a keyword.
const KNOWN: &[(&str, &[&str])] = &[
    (
        "video",
        &[
            "Zoom",
            "Webex",
            "GoToMeeting",
            "BlueJeans",
            "Loom",
            "Vimeo",
            "Wistia",
            "Vidyard",
        ],
    ),
    (
        "chat",
        &[
            "Slack",
            "Microsoft Teams",
            "Mattermost",
            "Discord",
            "Intercom",
            "Drift",
            "Front",
            "RingCentral",
            "Dialpad",
            "Aircall",
            "Twilio",
        ],
    ),
    (
        "crm",
        &[
            "Salesforce",
            "HubSpot",
            "Pipedrive",
            "Zoho CRM",
            "Freshsales",
            "Copper",
            "Close",
            "Outreach",
            "Salesloft",
            "Gong",
            "ZoomInfo",
            "Apollo",
        ],
    ),
    (
        "developer",
        &[
            "GitHub",
            "GitLab",
            "Bitbucket",
            "Atlassian Cloud",
            "Jira Service Management",
            "CircleCI",
            "Travis CI",
            "Sentry",
            "Datadog",
            "New Relic",
            "PagerDuty",
            "Opsgenie",
            "Postman",
            "JFrog",
            "SonarCloud",
            "LaunchDarkly",
            "Vercel",
            "Netlify",
            "Heroku",
            "DigitalOcean",
        ],
    ),
    (
        "storage",
        &[
            "Box",
            "Dropbox",
            "Egnyte",
            "Google Drive",
            "OneDrive",
            "ShareFile",
            "Backblaze",
            "pCloud",
        ],
    ),
    (
        "project",
        &[
            "Asana",
            "Trello",
            "Monday.com",
            "Wrike",
            "Smartsheet",
            "ClickUp",
            "Basecamp",
            "Notion",
            "Airtable",
            "Coda",
            "Confluence",
            "Linear",
            "Teamwork",
            "Miro",
            "Lucid",
        ],
    ),
    (
        "support",
        &[
            "Zendesk",
            "Freshdesk",
            "ServiceNow",
            "Help Scout",
            "Kustomer",
            "Gorgias",
            "Jira Service Desk",
            "TeamViewer",
            "LogMeIn",
            "Splashtop",
        ],
    ),
    (
        "hr",
        &[
            "Workday",
            "BambooHR",
            "Gusto",
            "Rippling",
            "Namely",
            "Lattice",
            "Culture Amp",
            "15Five",
            "Greenhouse",
            "Lever",
            "Workable",
            "SmartRecruiters",
            "ADP",
            "Paylocity",
            "Personio",
            "HiBob",
        ],
    ),
    (
        "finance",
        &[
            "Expensify",
            "Coupa",
            "NetSuite",
            "QuickBooks Online",
            "Xero",
            "Bill.com",
            "Brex",
            "Ramp",
            "Navan",
            "Concur",
            "Carta",
            "Stripe",
            "Avalara",
            "Tipalti",
        ],
    ),
    (
        "marketing",
        &[
            "Marketo",
            "Mailchimp",
            "Hootsuite",
            "Sprout Social",
            "Buffer",
            "Canva",
            "Figma",
            "Adobe Creative Cloud",
            "InVision",
            "Webflow",
            "WordPress VIP",
            "Unbounce",
            "Hotjar",
            "SEMrush",
        ],
    ),
    (
        "analytics",
        &[
            "Tableau",
            "Looker",
            "Power BI",
            "Mixpanel",
            "Amplitude",
            "Heap",
            "Segment",
            "Snowflake",
            "Databricks",
            "Fivetran",
            "dbt Cloud",
            "Mode",
        ],
    ),
    (
        "security",
        &[
            "1Password",
            "LastPass",
            "Keeper",
            "Okta Workflows",
            "CrowdStrike",
            "SentinelOne",
            "KnowBe4",
            "Vanta",
            "Drata",
            "Cloudflare",
            "Zscaler",
            "Netskope",
            "Duo",
            "Snyk",
            "Tenable",
        ],
    ),
    (
        "cloud",
        &[
            "AWS IAM Identity Center",
            "Google Workspace",
            "Microsoft 365",
            "Azure",
            "Oracle Cloud",
            "IBM Cloud",
            "Alibaba Cloud",
            "Wasabi",
        ],
    ),
    (
        "docs",
        &[
            "DocuSign",
            "Adobe Sign",
            "PandaDoc",
            "Dropbox Sign",
            "Ironclad",
            "Guru",
            "Document360",
            "Scribe",
        ],
    ),
];

/// Connectors that must support JIT whatever the seed (the readiness demo relies on Slack, the
/// client's catalog tests on Zoom).
const ALWAYS_JIT: &[&str] = &[
    "Zoom",
    "Slack",
    "Salesforce",
    "GitHub",
    "Atlassian Cloud",
    "Box",
    "Dropbox",
    "Asana",
    "Zendesk",
];

const WORDS_A: [&str; 25] = [
    "Nimbus", "Vector", "Cobalt", "Harbor", "Quartz", "Summit", "Lumen", "Orbit", "Cedar",
    "Falcon", "Granite", "Juniper", "Kestrel", "Meridian", "Nova", "Onyx", "Pioneer", "Raven",
    "Sierra", "Tundra", "Umber", "Vertex", "Willow", "Zephyr", "Atlas",
];
const WORDS_B: [&str; 25] = [
    "Data", "Cloud", "Flow", "Ledger", "Sync", "Pulse", "Grid", "Stack", "Path", "Forge", "Link",
    "Wave", "Core", "Beam", "Nest", "Scope", "Shift", "Spark", "Track", "Vault", "Works", "Point",
    "Loop", "Bridge", "Layer",
];
const WORDS_C: [&str; 20] = [
    "Desk",
    "Hub",
    "Suite",
    "Cloud",
    "Portal",
    "Analytics",
    "CRM",
    "HR",
    "Docs",
    "Pay",
    "Chat",
    "Board",
    "Mail",
    "Learn",
    "Ops",
    "Sign",
    "Drive",
    "Notes",
    "Forms",
    "Insights",
];
const GENERATED_KEYWORDS: [&str; 10] = [
    "productivity",
    "collaboration",
    "finance",
    "hr",
    "analytics",
    "security",
    "developer",
    "marketing",
    "support",
    "storage",
];

/// Extra SP attributes some JIT connectors need, as (SP name, default JumpCloud property).
const JIT_EXTRAS: [(&str, &str); 5] = [
    ("employeeNumber", "employeeIdentifier"),
    ("department", "department"),
    ("title", "jobTitle"),
    ("costCenter", "costCenter"),
    ("displayName", "displayname"),
];

/// The catalog for a seed and size: 1,000 templates for Demo, 10,000 for Large.
pub(crate) fn generate(seed: u64, size: Size) -> Vec<Value> {
    let mut out = Vec::new();
    each(seed, size, |t| out.push(t));
    out
}

/// Hands the catalog's templates to `sink` one at a time, in order, so the seed need not hold
/// them all as values.
pub(crate) fn each(seed: u64, size: Size, mut sink: impl FnMut(Value)) {
    let count = match size {
        Size::Demo => 1_000,
        Size::Large => 10_000,
    };
    let mut rng = Prng::new(seed ^ 0x007E_3A11_A7E5);
    sink(custom_saml(&mut rng));
    let mut made = 1;
    let known: Vec<(&str, &str)> = KNOWN
        .iter()
        .flat_map(|(cat, names)| names.iter().map(move |n| (*n, *cat)))
        .collect();
    for (display, category) in known {
        if made == count {
            break;
        }
        let forced = ALWAYS_JIT.contains(&display);
        sink(template(made, display, &[category], forced, &mut rng));
        made += 1;
    }
    let total = WORDS_A.len() * WORDS_B.len() * WORDS_C.len();
    // A stride coprime with `total` walks every combination once, in a seed-dependent order.
    let start = (seed as usize) % total;
    let mut k = 0usize;
    while made < count {
        let combo = (start + k * 7_919) % total;
        k += 1;
        let a = WORDS_A[combo % WORDS_A.len()];
        let b = WORDS_B[(combo / WORDS_A.len()) % WORDS_B.len()];
        let c = WORDS_C[combo / (WORDS_A.len() * WORDS_B.len())];
        let display = format!("{a}{b} {c}");
        let keyword = *rng.pick(&GENERATED_KEYWORDS);
        sink(template(made, &display, &[keyword], false, &mut rng));
        made += 1;
    }
}

/// Lower case, words joined by `-`: JumpCloud's connector `name` style (`aws-sso`, `slack`).
pub(crate) fn slug(display: &str) -> String {
    let mut out = String::with_capacity(display.len());
    for c in display.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

fn template(
    index: usize,
    display: &str,
    keywords: &[&str],
    force_jit: bool,
    rng: &mut Prng,
) -> Value {
    let slug = slug(display);
    let jit = force_jit || rng.chance(0.25);
    let scim = rng.chance(0.2);
    let status_roll = rng.next_f64();
    let (status, beta) = if index < 20 {
        (None, false) // the best-known connectors stay plainly available
    } else if status_roll < 0.05 {
        (Some("beta"), true)
    } else if status_roll < 0.08 {
        (Some("end_of_life"), false)
    } else if status_roll < 0.10 {
        (Some("end_of_support"), false)
    } else {
        (None, false)
    };
    let mut jit_attributes = Map::new();
    if jit {
        jit_attributes.insert("email".into(), json!("email"));
        jit_attributes.insert("firstName".into(), json!("firstname"));
        jit_attributes.insert("lastName".into(), json!("lastname"));
        // Zoom and Slack keep the plain set so the demo stays easy to explain.
        if display != "Slack" {
            for (sp, property) in JIT_EXTRAS {
                if rng.chance(0.3) || (display == "Zoom" && sp == "department") {
                    jit_attributes.insert(sp.into(), json!(property));
                }
            }
        }
    }
    let mut keywords: Vec<String> = keywords.iter().map(|k| k.to_string()).collect();
    keywords.push(slug.clone());
    keywords.push("saml".into());
    let rows: Vec<Value> = jit_attributes
        .iter()
        .map(|(sp, property)| {
            json!({"name": sp, "value": property, "required": true, "readOnly": true, "visible": true})
        })
        .collect();
    let mut t = json!({
        "_id": ids::template(index),
        "id": ids::template(index),
        "name": slug,
        "displayName": display,
        "displayLabel": display,
        "description": format!("Sample data: the {display} SAML connector."),
        "active": true,
        "beta": beta,
        "color": null,
        "keywords": keywords,
        "learnMore": format!("https://support.example.com/connectors/{slug}"),
        "logo": {"url": format!("/logos/{slug}.png"), "color": COLORS[index % COLORS.len()]},
        "isConfigured": false,
        "ssoUrl": "",
        "databaseAttributes": [],
        "sso": {"type": "saml", "jit": jit, "beta": beta, "hidden": false},
    });
    if let Some(obj) = t.as_object_mut() {
        obj.insert("config".into(), template_form(&slug, rows));
        if let Some(status) = status {
            obj.insert("status".into(), json!(status));
        }
        if jit {
            let mut jit = Map::new();
            jit.insert("attributes".into(), Value::Object(jit_attributes));
            jit.insert("createOnly".into(), Value::Bool(rng.chance(0.4)));
            obj.insert("jit".into(), Value::Object(jit));
        }
        if scim {
            obj.insert(
                "provision".into(),
                json!({"type": "scim_v2", "beta": false, "groups_supported": rng.chance(0.7)}),
            );
        }
    }
    t
}

fn custom_saml(rng: &mut Prng) -> Value {
    let _ = rng.next_u64(); // keep the stream aligned whatever this template needs
    json!({
        "_id": ids::template(0),
        "id": ids::template(0),
        "name": sample::CUSTOM_SAML_TEMPLATE_NAME,
        "displayName": "SAML 2.0 connector",
        "displayLabel": "Custom SAML App",
        "description": "Sample data: a SAML 2.0 connector for any service provider.",
        "active": true,
        "beta": false,
        "color": null,
        "keywords": ["custom", "saml", "sso"],
        "learnMore": "https://support.example.com/connectors/custom-saml",
        "logo": {"url": "/logos/custom-saml-app.png", "color": COLORS[0]},
        "isConfigured": false,
        "ssoUrl": "",
        "databaseAttributes": [],
        "sso": {"type": "saml", "jit": false, "beta": false, "hidden": false},
    })
    .with("config", template_form("custom", Vec::new()))
}

/// A template's form: placeholder URLs, no certificate yet (JumpCloud makes one on activation).
fn template_form(slug: &str, jit_rows: Vec<Value>) -> Value {
    saml_form(
        FormValues {
            acs_url: format!("https://{slug}.example.com/saml/acs"),
            sp_entity_id: format!("https://{slug}.example.com"),
            idp_entity_id: format!("https://sso.jumpcloud.com/saml2/{slug}"),
            idp_certificate: String::new(),
            idp_private_key: String::new(),
            include_groups: false,
            groups_attribute_name: String::new(),
        },
        jit_rows,
        Vec::new(),
    )
}
