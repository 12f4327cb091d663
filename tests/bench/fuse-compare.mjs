// Runs fuse.js over the catalog exported by the Rust benchmark (benches/catalog_search.rs), with
// the same queries, and prints per-query medians next to the criterion medians of the catalog
// index and of the plain substring scan.
//
// Usage: node fuse-compare.mjs <catalog.json> <criterion dir>
// (tests/bench/catalog-search.sh passes both after running the Rust benchmark.)

import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import Fuse from "fuse.js";

const [catalogPath, criterionDir] = process.argv.slice(2);
if (!catalogPath || !criterionDir) {
  console.error("usage: node fuse-compare.mjs <catalog.json> <criterion dir>");
  process.exit(2);
}
const catalog = JSON.parse(readFileSync(catalogPath, "utf8"));

// What a web console would configure: the three searchable fields, threshold 0.4.
const fuse = new Fuse(catalog.entries, {
  keys: ["displayName", "name", "keywords"],
  threshold: 0.4,
  includeScore: true,
});

const WARM_UP = 20;
const MIN_ITERATIONS = 10;
const MAX_ITERATIONS = 5000;
const BUDGET_NS = 3_000_000_000n; // per query

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median microseconds of one fuse.js search, timed one call at a time. */
function timeFuse(query) {
  for (let i = 0; i < WARM_UP; i++) fuse.search(query, { limit: catalog.limit });
  const samples = [];
  const start = process.hrtime.bigint();
  while (
    samples.length < MIN_ITERATIONS ||
    (samples.length < MAX_ITERATIONS && process.hrtime.bigint() - start < BUDGET_NS)
  ) {
    const t0 = process.hrtime.bigint();
    fuse.search(query, { limit: catalog.limit });
    samples.push(Number(process.hrtime.bigint() - t0) / 1000);
  }
  return { median: median(samples), iterations: samples.length };
}

/** Median microseconds criterion measured for one benchmark, or null if it has not run. */
function criterionMedian(group, label) {
  const path = join(criterionDir, group, label, "new", "estimates.json");
  if (!existsSync(path)) return null;
  const estimates = JSON.parse(readFileSync(path, "utf8"));
  return estimates.median.point_estimate / 1000;
}

const fmt = (v, digits = 1) => (v === null ? "n/a" : v.toFixed(digits));
const ratio = (a, b) => (a === null || b === null || b === 0 ? "n/a" : `${(a / b).toFixed(1)}x`);

const rows = [];
for (const { label, query, indexTop, indexHits, substringHits } of catalog.queries) {
  const fuseTime = timeFuse(query);
  const fuseHits = fuse.search(query, { limit: catalog.limit });
  rows.push({
    label,
    query,
    index: criterionMedian("catalog_index", label),
    substring: criterionMedian("catalog_substring", label),
    fuse: fuseTime.median,
    iterations: fuseTime.iterations,
    indexHits,
    substringHits,
    fuseHits: fuseHits.length,
    indexTop,
    fuseTop: fuseHits.slice(0, 5).map((h) => h.item.displayName),
  });
}

console.log(`\nCatalog search, ${catalog.entries.length} templates, limit ${catalog.limit}, median µs per query`);
console.log(`node ${process.version}, fuse.js threshold 0.4 over displayName, name, keywords\n`);
const header = ["query", "index µs", "substring µs", "fuse.js µs", "fuse/index", "index/substring"];
const table = rows.map((r) => [
  `${r.label} "${r.query}"`,
  fmt(r.index, 2),
  fmt(r.substring, 2),
  fmt(r.fuse, 1),
  ratio(r.fuse, r.index),
  ratio(r.index, r.substring),
]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
console.log(line(header));
console.log(widths.map((w) => "-".repeat(w)).join("  "));
table.forEach((row) => console.log(line(row)));

console.log("\nTop results (index | fuse.js), hits returned (index / substring scan / fuse.js):");
for (const r of rows) {
  console.log(`  ${r.label}: ${r.indexHits} / ${r.substringHits} / ${r.fuseHits}`);
  console.log(`    index: ${r.indexTop.join(", ") || "-"}`);
  console.log(`    fuse:  ${r.fuseTop.join(", ") || "-"}`);
}

const missing = rows.filter((r) => r.index === null);
if (missing.length) {
  console.error(`\nNo criterion figures for: ${missing.map((r) => r.label).join(", ")} (run cargo bench first)`);
  process.exit(1);
}
