# SSO Desk. `make run` launches the app; `make test` runs every gate and test, as CI does.
.PHONY: run test build bindings check-bindings package check-package bundle sandbox icons bench fmt

export PATH := $(HOME)/.cargo/bin:$(PATH)

## Launch the app (on the built-in sandbox when no JumpCloud connection is stored).
run: build
	./target/release/sso-desk

## Every gate and test: fmt, clippy, bindings, cargo test, svelte-check, eslint + prettier,
## vitest and the end-to-end suite on the real app (Xvfb, D-Bus, gnome-keyring).
test:
	scripts/test.sh

## The standalone release binary with the UI bundled in.
build:
	scripts/deps.sh build
	cd ui && npm ci --no-audit --no-fund --loglevel=error
	scripts/build-app.sh

## Regenerate ui/src/lib/bindings.ts from the Rust commands (commit the result).
bindings:
	cd ui && npm run --silent build
	cargo run --quiet -p sso-desk --features custom-protocol --example generate-bindings

check-bindings:
	scripts/check-bindings.sh

## The .deb package (and an AppImage where the bundler can make one) in target/release/bundle/
## (not part of CI: it needs a release build). `make check-package` checks it as a user meets it.
package:
	scripts/deps.sh build
	cd ui && npm ci --no-audit --no-fund --loglevel=error
	scripts/package.sh

check-package:
	scripts/check-package.sh

bundle: package

## The sandbox server on its own: prints `listening on http://127.0.0.1:PORT`.
sandbox:
	cargo run --quiet --release -p sso-desk-sandbox -- --port 0 --data target/sandbox-data

## Regenerate every icon size from icons/icon-source.svg (needs rsvg-convert: librsvg2-bin).
icons:
	rsvg-convert -w 1024 -h 1024 icons/icon-source.svg -o target/icon-1024.png
	cd ui && TAURI_APP_PATH=../src-tauri TAURI_FRONTEND_PATH=. ./node_modules/.bin/tauri icon ../target/icon-1024.png -o ../icons
	rm -rf icons/android icons/ios icons/Square*Logo.png icons/StoreLogo.png

fmt:
	cargo fmt --all
	cd ui && npx prettier --write .
