#!/usr/bin/env bash
# Checks SSO Desk's Debian package as a user would meet it (not part of `make test`: it needs the
# release build `make package` makes):
#   scripts/check-package.sh [path/to/sso-desk_<version>_<arch>.deb]
# - its control fields, and that what it depends on is installed here;
# - extracted into a fresh root (dpkg-deb -x, nothing is installed on this machine): only the
#   app's own binary under usr/bin, one desktop entry named by the app's identifier that
#   desktop-file-validate accepts, whose Exec and Icon are in the package, and PNG icons;
# - the packaged binary starts under Xvfb on a throwaway profile (the built-in sandbox), opens a
#   window titled "SSO Desk" and paints its first page (--report-paints).
set -euo pipefail
cd "$(dirname "$0")/.."

deb=${1:-$(ls target/release/bundle/deb/*.deb 2>/dev/null | head -1)}
[ -f "$deb" ] || { echo "no package: run 'make package' first" >&2; exit 1; }
identifier=$(python3 -c 'import json; print(json.load(open("tauri.conf.json"))["identifier"])')

fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok: $*"; }

if ! command -v desktop-file-validate >/dev/null; then
  if [ "$(id -u)" -eq 0 ]; then sudo=""; elif sudo -n true 2>/dev/null; then sudo=sudo; else
    fail "desktop-file-validate is missing: sudo apt-get install -y desktop-file-utils"
  fi
  echo "installing desktop-file-utils"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends desktop-file-utils >/dev/null
fi
for tool in xvfb-run xwininfo dbus-run-session; do
  command -v "$tool" >/dev/null || fail "$tool is missing (scripts/deps.sh test installs it)"
done

echo "package: $deb ($(du -h "$deb" | cut -f1))"
package=$(dpkg-deb -f "$deb" Package)
binary=sso-desk
[ "$package" = "$binary" ] || fail "the package is called $package, not $binary"
for f in Package Version Architecture Section Depends Description; do
  echo "  $f: $(dpkg-deb -f "$deb" "$f" | head -1)"
done
[ "$(dpkg-deb -f "$deb" Section)" = admin ] || fail "the section is not admin"
depends=$(dpkg-deb -f "$deb" Depends)
IFS=',' read -ra deps <<<"$depends"
for dep in "${deps[@]}"; do
  name=$(echo "$dep" | sed -E 's/\(.*\)//; s/\|.*//; s/[[:space:]]//g')
  [ -n "$name" ] || continue
  dpkg-query -W -f='${Status}' "$name" 2>/dev/null | grep -q "install ok installed" ||
    fail "it depends on $name, which is not installed here"
done
ok "control fields; its dependencies (${#deps[@]}) are installed"

root=$(mktemp -d)
profile=$(mktemp -d)
trap 'rm -rf "$root" "$profile"' EXIT
dpkg-deb -x "$deb" "$root"
bins=$(ls "$root/usr/bin")
[ "$bins" = "$binary" ] || fail "usr/bin holds $(echo $bins) instead of $binary alone"
ok "usr/bin holds $binary alone"

entries=$(cd "$root/usr/share/applications" && ls)
[ "$entries" = "$identifier.desktop" ] || fail "the desktop entries are '$(echo $entries)', not $identifier.desktop"
entry="$root/usr/share/applications/$identifier.desktop"
desktop-file-validate "$entry" || fail "desktop-file-validate refuses $identifier.desktop"
key() { sed -n "s/^$1=//p" "$entry" | head -1; }
[ "$(key Exec)" = "$binary" ] || fail "Exec is '$(key Exec)'"
[ -x "$root/usr/bin/$(key Exec)" ] || fail "Exec names no binary of the package"
categories=$(key Categories)
echo "$categories" | grep -qE '(^|;)(AudioVideo|Audio|Video|Development|Education|Game|Graphics|Network|Office|Science|Settings|System|Utility)(;|$)' ||
  fail "Categories ($categories) has no main category"
icons=$(find "$root/usr/share/icons/hicolor" -path "*/apps/$(key Icon).png" | sort)
[ -n "$icons" ] || fail "no icon named $(key Icon)"
for icon in $icons; do
  head -c 8 "$icon" | cmp -s - <(printf '\211PNG\r\n\032\n') || fail "$icon is not a PNG"
done
ok "$identifier.desktop is valid (Name=$(key Name), Categories=$categories); icons: $(echo "$icons" | sed "s|$root/usr/share/icons/hicolor/||; s|/apps/.*||" | tr '\n' ' ')"

echo "starting $root/usr/bin/$binary under Xvfb"
export XDG_RUNTIME_DIR="$profile/runtime"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
  set -euo pipefail
  app=$1 profile=$2
  "$app" --profile "$profile/app" --report-paints >"$profile/out.log" 2>"$profile/err.log" &
  pid=$!
  trap "kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true" EXIT
  for _ in $(seq 1 120); do
    kill -0 $pid 2>/dev/null || { echo "the app exited: $(tail -3 "$profile/err.log")" >&2; exit 1; }
    window=$(xwininfo -root -tree 2>/dev/null | grep -m1 "\"SSO Desk\"" || true)
    painted=$(grep -m1 "^painted:" "$profile/out.log" || true)
    if [ -n "$window" ] && [ -n "$painted" ]; then
      echo "ok: window:$window"
      echo "ok: $painted"
      exit 0
    fi
    sleep 0.5
  done
  echo "no window titled SSO Desk with a painted page within 60 s" >&2
  tail -5 "$profile/err.log" >&2
  exit 1
' check "$root/usr/bin/$binary" "$profile" || fail "the packaged app did not start"
echo "the package passes"
