#!/usr/bin/env bash
# Catalog search benchmark in one go: the Rust index and a plain substring scan (criterion, which
# also exports the catalog and queries), then fuse.js over the same data, with a table of medians.
# Extra arguments go to criterion (e.g. a filter such as `catalog_index`).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
export CATALOG_BENCH_DIR="$target/catalog-bench"
export CRITERION_HOME="$target/criterion"

(cd "$root" && cargo bench -p sso-desk-core --bench catalog_search -- "$@")

if [ ! -d "$here/node_modules/fuse.js" ]; then
  (cd "$here" && npm ci --no-audit --no-fund)
fi
node "$here/fuse-compare.mjs" "$CATALOG_BENCH_DIR/catalog.json" "$CRITERION_HOME"
