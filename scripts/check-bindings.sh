#!/usr/bin/env bash
# Regenerates the TypeScript bindings and fails if the committed file is not what the Rust commands
# produce: a command whose signature changed without `make bindings` fails CI.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --quiet --locked -p sso-desk --features custom-protocol --example generate-bindings >/dev/null
if ! git diff --exit-code -- ui/src/lib/bindings.ts; then
  echo "ui/src/lib/bindings.ts is stale: run 'make bindings' and commit the result." >&2
  exit 1
fi
if git ls-files --error-unmatch ui/src/lib/bindings.ts >/dev/null 2>&1; then :; else
  echo "ui/src/lib/bindings.ts is not committed." >&2
  exit 1
fi
