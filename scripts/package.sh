#!/usr/bin/env bash
# Builds SSO Desk's Debian package into Tauri's bundle folder, target/release/bundle/deb/, as
# sso-desk_<version>_<arch>.deb; then tries an AppImage (which needs tools the bundler downloads,
# so it may not build everywhere: a failure there is reported, not fatal).
#
# Tauri's bundler names the desktop entry after the product name ("SSO Desk.desktop", with a
# space) and offers no setting for it. Desktops match a window to its entry by the application's
# id, so the entry is renamed to the app's identifier (<identifier>.desktop) and the package is
# rebuilt with its checksums; the entry's contents come from packaging/sso-desk.desktop.
set -euo pipefail
cd "$(dirname "$0")/.."

field() { python3 -c 'import json, sys; print(json.load(open("tauri.conf.json"))[sys.argv[1]])' "$1"; }
identifier=$(field identifier)
product=$(field productName)
version=$(field version)

TAURI_APP_PATH=src-tauri TAURI_FRONTEND_PATH=ui ui/node_modules/.bin/tauri build --bundles deb

out=target/release/bundle/deb
arch=$(dpkg --print-architecture)
built="$out/${product}_${version}_${arch}.deb"
[ -f "$built" ] || { echo "the bundler made no $built" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dpkg-deb -R "$built" "$work/root"
apps="$work/root/usr/share/applications"
mv "$apps/$product.desktop" "$apps/$identifier.desktop"
(cd "$work/root" && find usr -type f -print0 | sort -z | xargs -0 md5sum >DEBIAN/md5sums)
package=$(dpkg-deb -f "$built" Package)
deb="$out/${package}_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zgzip --build "$work/root" "$deb" >/dev/null
rm -f "$built"
echo "package: $deb"

if [ "${SKIP_APPIMAGE:-0}" != 1 ]; then
  if TAURI_APP_PATH=src-tauri TAURI_FRONTEND_PATH=ui timeout 600 \
    ui/node_modules/.bin/tauri build --bundles appimage >"$work/appimage.log" 2>&1; then
    echo "AppImage: $(ls target/release/bundle/appimage/*.AppImage)"
  else
    echo "no AppImage here (the bundler said: $(grep -iE 'error|failed' "$work/appimage.log" | tail -1))"
  fi
fi
