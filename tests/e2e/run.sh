#!/usr/bin/env bash
# Runs the end-to-end suite: tauri-driver (which starts WebKitWebDriver, which starts the app
# binary) on a free port, then every spec with node's test runner. Expects a display (xvfb-run) and,
# for the keyring tests, a D-Bus session with an unlocked Secret Service (scripts/test.sh gives both).
set -euo pipefail
cd "$(dirname "$0")"
repo=$(cd ../.. && pwd)
export SSO_DESK_APP="${SSO_DESK_APP:-$repo/target/release/sso-desk}"
[ -x "$SSO_DESK_APP" ] || { echo "no app binary at $SSO_DESK_APP: run scripts/build-app.sh" >&2; exit 1; }
export SSO_DESK_SANDBOX_BIN="${SSO_DESK_SANDBOX_BIN:-$repo/target/release/sso-desk-sandbox}"
# The app paints as it does for a user: on a machine with no GPU it turns WebKit's compositing
# off by itself (composited frames on software GL cost the suite 40 % more CPU). WebKitWebDriver's
# screenshots hang without compositing, so they are taken only on request: SSO_DESK_SCREENSHOTS=1
# keeps compositing on and saves a picture of each step in artifacts/.
if [ "${SSO_DESK_SCREENSHOTS:-0}" = 1 ]; then export WEBKIT_DISABLE_COMPOSITING_MODE=0; fi
mkdir -p artifacts
export SSO_DESK_ARTIFACTS="$PWD/artifacts"

driver_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
native_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export TAURI_DRIVER_PORT=$driver_port
tauri-driver --port "$driver_port" --native-port "$native_port" >artifacts/tauri-driver.log 2>&1 &
driver=$!
trap 'kill $driver 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do
  (exec 3<>"/dev/tcp/127.0.0.1/$driver_port") 2>/dev/null && break
  sleep 0.1
done
# E2E_SPECS narrows the run to some spec files (scripts/e2e-local.sh passes them).
node --test --test-concurrency=1 --test-reporter=spec ${E2E_SPECS:-specs/}
