#!/usr/bin/env bash
# Runs end-to-end specs against an already built app, inside a throwaway D-Bus session with an
# unlocked gnome-keyring and Xvfb, as scripts/test.sh does for the whole suite.
#   scripts/e2e-local.sh [spec files relative to tests/e2e/ ...]
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch"/{data,cache,config,state,runtime}
chmod 700 "$scratch/runtime"
export XDG_DATA_HOME="$scratch/data" XDG_CACHE_HOME="$scratch/cache" \
  XDG_CONFIG_HOME="$scratch/config" XDG_STATE_HOME="$scratch/state" XDG_RUNTIME_DIR="$scratch/runtime"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export E2E_SPECS="$*"
keyctl session - dbus-run-session -- bash -c '
  eval "$(printf %s test-keyring-password | gnome-keyring-daemon --unlock --components=secrets)"
  export GNOME_KEYRING_CONTROL
  exec xvfb-run -a -s "-screen 0 1280x800x24" tests/e2e/run.sh'
