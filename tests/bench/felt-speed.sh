#!/usr/bin/env bash
# The speed a user feels, measured in one run side by side on the release build:
#   catalog-keystrokes.mjs  keystroke to painted results, 10,000 connectors (p50, p95)
#   large-org-loads.mjs     applications list and readiness of the large org at 25 ms per request
#                           (requests, floor, time)
#   start-memory.mjs        launch time and peak memory against an empty Tauri v2 app built in the
#                           same workspace with the same profile, sandbox embedded and standalone
# Builds what it needs, then runs the three under the end-to-end harness (D-Bus, gnome-keyring,
# Xvfb). Reports figures; asserts none.
#   tests/bench/felt-speed.sh [spec ...]     (default: all three)
set -euo pipefail
cd "$(dirname "$0")/../.."
(cd ui && npm run --silent build)
cargo build --release --locked -p sso-desk -p sso-desk-sandbox -p sso-desk-empty-app \
  --features sso-desk/custom-protocol,sso-desk-empty-app/custom-protocol
export SSO_DESK_APP="$PWD/target/release/sso-desk"
export SSO_DESK_SANDBOX_BIN="$PWD/target/release/sso-desk-sandbox"
export SSO_DESK_EMPTY_APP="$PWD/target/release/empty-app"
# The end-to-end harness keeps WebKit's compositing for its screenshots; the app turns it off by
# itself where there is no GPU (no DRM render node), so the benchmarks do what the app would.
if ! ls /dev/dri/renderD* >/dev/null 2>&1; then export WEBKIT_DISABLE_COMPOSITING_MODE=1; fi
specs=("$@")
[ ${#specs[@]} -gt 0 ] || specs=(catalog-keystrokes.mjs large-org-loads.mjs start-memory.mjs)
scripts/e2e-local.sh "${specs[@]/#/../bench/}"
