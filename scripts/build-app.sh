#!/usr/bin/env bash
# Builds the standalone release binary (UI bundled in, no dev server): target/release/sso-desk,
# and the sandbox server the end-to-end tests start next to it: target/release/sso-desk-sandbox.
set -euo pipefail
cd "$(dirname "$0")/.."
(cd ui && npm run --silent build)
cargo build --release --locked -p sso-desk --bin sso-desk --features tauri/custom-protocol
cargo build --release --locked -p sso-desk-sandbox --bin sso-desk-sandbox
