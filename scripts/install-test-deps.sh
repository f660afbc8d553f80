#!/usr/bin/env bash
# `npm run test:setup`: installs what `npm test` needs beyond node_modules on a fresh Debian or
# Ubuntu machine — a Chromium for the webview tests — and nothing when one is already there.
# Debian: the `chromium` package (apt). Ubuntu, whose `chromium` is a snap that does not run
# headless in containers: Playwright's build, with the libraries it needs (apt), in ~/.cache/ms-playwright.
set -euo pipefail
cd "$(dirname "$0")/.."

found="$(node --import tsx -e 'console.log(require("./test/helpers/chromium.ts").findChromium() ?? "")')"
if [ -n "$found" ]; then
  echo "test:setup: Chromium is there ($found); npm test runs every test."
  exit 0
fi

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
export DEBIAN_FRONTEND=noninteractive
as_root apt-get update -q
if apt-cache show chromium 2>/dev/null | grep -q '^Package: chromium$' && ! grep -qi ubuntu /etc/os-release; then
  as_root apt-get install -y -q chromium
else
  # Playwright installs its libraries with apt-get itself (as root, or through sudo).
  if [ "$(id -u)" = 0 ]; then npx playwright-core install --with-deps --no-shell chromium
  else npx playwright-core install-deps chromium && npx playwright-core install --no-shell chromium; fi
fi
echo "test:setup: Chromium installed; npm test runs every test."
