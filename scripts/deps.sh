#!/usr/bin/env bash
# Installs what SSO Desk needs on Debian 12, and only what is missing.
#   scripts/deps.sh build   the libraries the app links against
#   scripts/deps.sh test    build + what the tests drive: WebKitWebDriver, Xvfb, the Secret Service,
#                           xmlsec1 (the independent check of SAML signatures), and tauri-driver
#   scripts/deps.sh test-packages   the same Debian packages, without tauri-driver
#   scripts/deps.sh tauri-driver    tauri-driver alone (built from crates.io, ~1 min)
# Without root or sudo it prints the exact apt-get line and stops.
set -euo pipefail

build_pkgs=(libwebkit2gtk-4.1-dev libxdo-dev libayatana-appindicator3-dev librsvg2-dev file pkg-config build-essential)
test_pkgs=(webkit2gtk-driver xvfb xauth gnome-keyring libsecret-tools keyutils dbus dbus-user-session dbus-x11 xmlsec1)

mode=${1:-build}
want=("${build_pkgs[@]}")
case "$mode" in test|test-packages) want+=("${test_pkgs[@]}") ;; tauri-driver) want=() ;; esac

missing=()
for p in "${want[@]+"${want[@]}"}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  line="apt-get install -y --no-install-recommends ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then sudo=""
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo"
  else
    echo "SSO Desk needs these Debian packages. Run:" >&2
    echo "  sudo apt-get update && sudo $line" >&2
    exit 1
  fi
  echo "installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo $line -qq >/dev/null
fi

# A debug build: it only relays WebDriver commands, and builds in half the time of a release one.
if { [ "$mode" = test ] || [ "$mode" = tauri-driver ]; } && ! command -v tauri-driver >/dev/null; then
  echo "installing tauri-driver"
  cargo install tauri-driver --locked --version 2.1.0 --debug --quiet
fi
