#!/usr/bin/env bash
# Runs every gate and test of SSO Desk, as CI does: installs what is missing, then runs each stage
# inside a D-Bus session with an unlocked gnome-keyring (the real Secret Service) and throwaway XDG
# folders, so nothing lands in the home directory. Prints how long each stage took.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" != --inside ]; then
  t0=$(date +%s)
  scripts/deps.sh test-packages
  (cd ui && npm ci --no-audit --no-fund --loglevel=error)
  echo "== stage deps: $(( $(date +%s) - t0 ))s"
  # Only the end-to-end stage needs tauri-driver and the suite's packages: they are fetched and
  # built beside the cargo stages, and waited for before it.
  # The log ends with the exit status once they are done.
  e2e_deps_log=$(mktemp)
  (
    status=0
    { scripts/deps.sh tauri-driver &&
      (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error); } >>"$e2e_deps_log" 2>&1 ||
      status=$?
    echo "exit $status" >>"$e2e_deps_log"
  ) &
  export SSO_DESK_E2E_DEPS_LOG=$e2e_deps_log

  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
  mkdir -p "$scratch"/{data,cache,config,state,runtime}
  chmod 700 "$scratch/runtime"
  export XDG_DATA_HOME="$scratch/data" XDG_CACHE_HOME="$scratch/cache" \
    XDG_CONFIG_HOME="$scratch/config" XDG_STATE_HOME="$scratch/state" XDG_RUNTIME_DIR="$scratch/runtime"
  export SSO_DESK_TEST_SCRATCH="$scratch"
  exec keyctl session - dbus-run-session -- bash -c '
    eval "$(printf %s test-keyring-password | gnome-keyring-daemon --unlock --components=secrets)"
    export GNOME_KEYRING_CONTROL
    exec "$0" --inside' "$0"
fi

export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
# Every cargo stage builds with the same features, profile and flags, so they share one debug
# build: the linted build, cargo test's artifacts (the app and sandbox binaries among them, which
# the end-to-end suite drives) and the bindings generator. A cold CI run does not
# use incremental compilation (it only costs there).
features=(--features sso-desk/custom-protocol)
[ "${CI:-}" = true ] && export CARGO_INCREMENTAL=0
# Every stage's name goes to this file when it fails, so stages run in the background count too.
failed_list=$(mktemp)
stage() {
  local name=$1; shift
  local t0; t0=$(date +%s)
  echo "== stage $name: $*"
  if "$@"; then echo "== stage $name: ok in $(( $(date +%s) - t0 ))s"
  else echo "== stage $name: FAILED in $(( $(date +%s) - t0 ))s"; echo "$name" >>"$failed_list"; fi
}

# The app embeds the built UI (custom-protocol), so the UI is built before anything compiles it.
stage ui-build bash -c 'cd ui && npm run --silent build'
# The UI's gates need no Rust: they run beside the cargo stages (which leave a core idle while
# they link or wait on one crate), their output kept and printed once the cargo stages are done.
ui_log=$(mktemp)
(
  stage svelte-check bash -c 'cd ui && npm run --silent check'
  stage lint bash -c 'cd ui && npm run --silent lint'
  stage vitest bash -c 'cd ui && npm test --silent'
) >"$ui_log" 2>&1 &
ui_gates=$!
stage fmt cargo fmt --all --check
# Clippy and the tests share one build: clippy-driver is rustc with clippy's lints, so as the
# workspace's compiler it lints every crate and target while building what the tests run, and
# `-D warnings` fails the build on any warning, clippy's or rustc's (dependencies' lints are
# capped by cargo). `cargo clippy` would check every dependency first and `cargo test` then
# build them all again: on a cold machine that was four and a half minutes of the run.
RUSTC_WORKSPACE_WRAPPER=$(rustup which clippy-driver 2>/dev/null || command -v clippy-driver)
export RUSTC_WORKSPACE_WRAPPER RUSTFLAGS="${RUSTFLAGS:-} -D warnings"
stage clippy-build cargo test --workspace --all-targets --no-run --locked "${features[@]}"
# That build made both binaries the end-to-end suite drives (target/debug/sso-desk, the sandbox),
# with the UI built at the first stage. The suite mostly waits on WebKit and leaves a core idle, so
# it runs beside cargo test (which builds nothing more: same flags, same artifacts), its output
# kept and printed at the end.
e2e_log=$(mktemp)
e2e_deps() {
  # The suite's own dependencies, installing since before the D-Bus session: wait for them.
  local log=${SSO_DESK_E2E_DEPS_LOG:-}
  if [ -n "$log" ]; then
    until grep -q '^exit [0-9]*$' "$log"; do sleep 1; done
    cat "$log"
    rm -f "$log"
  fi
  command -v tauri-driver >/dev/null && [ -d tests/e2e/node_modules ]
}
stage e2e-deps e2e_deps
stage e2e env SSO_DESK_APP="$PWD/target/debug/sso-desk" \
  SSO_DESK_SANDBOX_BIN="$PWD/target/debug/sso-desk-sandbox" \
  xvfb-run -a -s "-screen 0 1280x800x24" tests/e2e/run.sh >"$e2e_log" 2>&1 &
e2e=$!
# The bindings check is a test of the app crate (src-tauri/tests/command_lists.rs).
stage cargo-test cargo test --workspace --locked "${features[@]}"
wait "$ui_gates" || true
cat "$ui_log"
wait "$e2e" || true
cat "$e2e_log"
rm -f "$ui_log" "$e2e_log"

mapfile -t failed <"$failed_list"
rm -f "$failed_list"
if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED stages: ${failed[*]}"
  exit 1
fi
echo "all stages passed"
