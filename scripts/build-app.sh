#!/usr/bin/env bash
# Builds the standalone app binary (UI bundled in, no dev server) and the sandbox server the
# end-to-end tests start next to it.
#   scripts/build-app.sh          release: target/release/sso-desk (what `make run` launches)
#   scripts/build-app.sh debug    debug:   target/debug/sso-desk, from the same build `make test`'s
#                                 clippy and cargo test stages made, so it costs seconds, not minutes
set -euo pipefail
cd "$(dirname "$0")/.."
(cd ui && npm run --silent build)
profile=(--release)
[ "${1:-release}" = debug ] && profile=()
cargo build "${profile[@]}" --locked -p sso-desk --bin sso-desk --features custom-protocol
cargo build "${profile[@]}" --locked -p sso-desk-sandbox --bin sso-desk-sandbox
