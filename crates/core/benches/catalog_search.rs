//! How fast "Search the catalog" answers over the sandbox's large catalog (10,000 templates).
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
use sso_desk_core::profile::{ConnectionDir, ConnectionId};
use sso_desk_sandbox::Size;

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

/// The sandbox's large sample catalog: the custom SAML connector, well-known vendors (Zoom, Slack,
/// Salesforce, Atlassian...) and generated ones, with JumpCloud's template shape.
fn catalog_templates() -> Vec<Value> {
    sso_desk_sandbox::sample_templates(SEED, Size::Large)
}

/// The floor: every entry's fields lowercased once into one string (newline-separated, so a
/// query never matches across two fields), then one `contains` per entry. No ranking, no typos.
struct SubstringScan {
    rows: Vec<String>,
}

impl SubstringScan {
    fn new(entries: &[CatalogEntry]) -> SubstringScan {
        let rows = entries
            .iter()
            .map(|e| {
                let mut row = format!("{}\n{}", e.display_name, e.name);
                for keyword in &e.keywords {
                    row.push('\n');
                    row.push_str(keyword);
                }
                row.to_lowercase()
            })
            .collect();
        SubstringScan { rows }
    }

    fn search(&self, query: &str) -> Vec<u32> {
        let q = query.to_lowercase();
        (0..self.rows.len() as u32)
            .filter(|&i| self.rows[i as usize].contains(q.as_str()))
            .collect()
    }
}

fn export_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CATALOG_BENCH_DIR") {
        return PathBuf::from(dir);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"),
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
    // The cache as the app keeps it: in a connection's folder of the profile.
    let connection = ConnectionId::new("sandbox").expect("a plain id");
    let cache = ConnectionDir::new(&export_dir().join("catalog-cache"), &connection);
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
