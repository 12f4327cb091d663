//! How fast "Search the catalog" answers over a large catalog (10,000 templates).
//!
//! Measures, for a fixed set of queries, the catalog index against a plain case-insensitive
//! substring scan over the same entries (the floor: it ranks nothing and tolerates no typo), plus
//! building the index and loading it from its disk cache. It also writes the entries, the
//! queries and the index's top results to `<target>/catalog-bench/catalog.json`, so that
//! `tests/bench/fuse-compare.mjs` can run fuse.js (what a web console would use) on the same data.
//! Run everything with `tests/bench/catalog-search.sh`.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use serde_json::{json, Value};
use sso_desk_core::catalog::{CatalogEntry, CatalogFilter, CatalogIndex};

/// (label, query): short prefix, a whole name, several words, a typo, and nothing at all.
const QUERIES: [(&str, &str); 5] = [
    ("short", "zo"),
    ("medium", "slack"),
    ("long", "atlassian cloud confluence"),
    ("typo", "salesforse"),
    ("none", "qqqxxzz"),
];

/// Rows the UI asks for per keystroke.
const LIMIT: usize = 50;
const SEED: u64 = 7;
const CATALOG_SIZE: usize = 10_000;

fn catalog_templates() -> Vec<Value> {
    synthetic_templates(SEED, CATALOG_SIZE)
}

/// A deterministic stand-in for a large catalog: real connector names first, then invented
/// vendor names with the suffixes and keywords real templates carry.
fn synthetic_templates(seed: u64, size: usize) -> Vec<Value> {
    const REAL: [&str; 40] = [
        "Zoom",
        "Zoom Phone",
        "ZoomInfo",
        "Zoho CRM",
        "Zoho Mail",
        "Slack",
        "Slack Enterprise Grid",
        "Salesforce",
        "Salesforce Marketing Cloud",
        "Atlassian Cloud Confluence",
        "Atlassian Cloud Jira",
        "Atlassian Cloud Bitbucket",
        "Google Workspace",
        "Microsoft 365",
        "Box",
        "Dropbox",
        "GitHub",
        "GitLab",
        "AWS IAM Identity Center",
        "Workday",
        "BambooHR",
        "DocuSign",
        "Adobe Creative Cloud",
        "Asana",
        "Trello",
        "Notion",
        "Figma",
        "HubSpot",
        "Zendesk",
        "Okta Bridge",
        "ServiceNow",
        "Tableau",
        "Snowflake",
        "Datadog",
        "PagerDuty",
        "Miro",
        "Monday.com",
        "Lucid",
        "Greenhouse",
        "Expensify",
    ];
    const SYLLABLES: [&str; 24] = [
        "ac", "bri", "cor", "dat", "eno", "flo", "gri", "hel", "in", "jo", "kal", "lum", "mer",
        "nov", "or", "pax", "qui", "ros", "sto", "tri", "ul", "ver", "wex", "zen",
    ];
    const SUFFIXES: [&str; 12] = [
        "",
        "",
        "",
        " Cloud",
        " HR",
        " Analytics",
        " CRM",
        " Desk",
        " Sign",
        " Pay",
        " Learn",
        " Connect",
    ];
    const KEYWORDS: [&str; 16] = [
        "hr",
        "finance",
        "crm",
        "video",
        "chat",
        "storage",
        "devops",
        "security",
        "analytics",
        "email",
        "design",
        "sales",
        "support",
        "wiki",
        "payroll",
        "learning",
    ];
    let mut state = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    let mut next = move |bound: usize| -> usize {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % bound as u64) as usize
    };
    let mut templates = vec![json!({
        "_id": "tmpl-custom", "name": "custom-saml-app", "displayName": "SAML 2.0 connector",
        "keywords": ["custom", "saml"], "sso": {"type": "saml", "jit": true},
    })];
    for i in 0..size.saturating_sub(1) {
        let display = match REAL.get(i) {
            Some(real) => (*real).to_owned(),
            None => {
                let mut name = String::new();
                for _ in 0..2 + next(2) {
                    name.push_str(SYLLABLES[next(SYLLABLES.len())]);
                }
                let mut chars = name.chars();
                let first = chars.next().map(|c| c.to_ascii_uppercase()).unwrap_or('X');
                format!(
                    "{first}{}{}",
                    chars.as_str(),
                    SUFFIXES[next(SUFFIXES.len())]
                )
            }
        };
        let slug = display.to_lowercase().replace([' ', '.'], "-");
        let keywords: Vec<&str> = (0..next(4))
            .map(|_| KEYWORDS[next(KEYWORDS.len())])
            .collect();
        let mut template = json!({
            "_id": format!("tmpl-{i:05}"),
            "name": format!("{slug}-{i}"),
            "displayName": display,
            "keywords": keywords,
            "sso": {"type": if next(10) == 0 { "oidc" } else { "saml" }, "jit": next(3) == 0},
            "beta": next(20) == 0,
            "logo": {"url": format!("https://example.com/logos/{i}.png")},
        });
        if next(4) == 0 {
            template["provision"] = json!({"type": "scim"});
        }
        if next(25) == 0 {
            template["status"] = json!(["end_of_life", "end_of_support"][next(2)]);
        }
        templates.push(template);
    }
    templates
}

/// The floor: lowercase every field once, then test each entry's fields with `contains`.
struct SubstringScan {
    rows: Vec<Vec<String>>,
}

impl SubstringScan {
    fn new(entries: &[CatalogEntry]) -> SubstringScan {
        let rows = entries
            .iter()
            .map(|e| {
                let mut row = vec![e.display_name.to_lowercase(), e.name.to_lowercase()];
                row.extend(e.keywords.iter().map(|k| k.to_lowercase()));
                row
            })
            .collect();
        SubstringScan { rows }
    }

    fn search(&self, query: &str) -> Vec<u32> {
        let q = query.to_lowercase();
        (0..self.rows.len() as u32)
            .filter(|&i| self.rows[i as usize].iter().any(|f| f.contains(q.as_str())))
            .collect()
    }
}

fn export_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CATALOG_BENCH_DIR") {
        return PathBuf::from(dir);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../target"),
        PathBuf::from,
    );
    target.join("catalog-bench")
}

/// Writes what the fuse.js comparison needs: the same entries, queries and limit, and the
/// index's answers so the two result lists can be compared by eye.
fn export(index: &CatalogIndex, scan: &SubstringScan) {
    let filter = CatalogFilter::default();
    let entries: Vec<Value> = index
        .entries()
        .iter()
        .map(|e| json!({"displayName": e.display_name, "name": e.name, "keywords": e.keywords}))
        .collect();
    let queries: Vec<Value> = QUERIES
        .iter()
        .map(|(label, query)| {
            let hits = index.search(query, &filter, LIMIT);
            let top: Vec<&str> = hits
                .iter()
                .take(5)
                .map(|h| h.entry.display_name.as_str())
                .collect();
            json!({
                "label": label, "query": query, "indexHits": hits.len(),
                "indexTop": top, "substringHits": scan.search(query).len(),
            })
        })
        .collect();
    let dir = export_dir();
    let document = json!({"limit": LIMIT, "entries": entries, "queries": queries});
    let written = std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::write(dir.join("catalog.json"), document.to_string()));
    match written {
        Ok(()) => eprintln!("catalog export: {}", dir.join("catalog.json").display()),
        Err(e) => eprintln!("catalog export failed ({e}); the fuse.js comparison will not run"),
    }
}

fn catalog_search(c: &mut Criterion) {
    let templates = catalog_templates();
    let entries: Vec<CatalogEntry> = templates
        .iter()
        .filter_map(CatalogEntry::from_template_json)
        .collect();
    let index = CatalogIndex::build(entries.clone());
    let scan = SubstringScan::new(&entries);
    let filter = CatalogFilter::default();
    export(&index, &scan);

    let mut group = c.benchmark_group("catalog_index");
    for (label, query) in QUERIES {
        group.bench_with_input(BenchmarkId::from_parameter(label), query, |b, q| {
            b.iter(|| index.search(black_box(q), &filter, LIMIT))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("catalog_substring");
    for (label, query) in QUERIES {
        group.bench_with_input(BenchmarkId::from_parameter(label), query, |b, q| {
            b.iter(|| scan.search(black_box(q)))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("catalog_prepare");
    group.sample_size(10);
    group.bench_function("build", |b| {
        b.iter(|| CatalogIndex::build(black_box(entries.clone())))
    });
    let cache = export_dir().join("catalog-cache.json");
    if index.save(&cache).is_ok() {
        group.bench_function("load", |b| b.iter(|| CatalogIndex::load(black_box(&cache))));
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = catalog_search
}
criterion_main!(benches);
