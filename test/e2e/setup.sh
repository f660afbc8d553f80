#!/usr/bin/env bash
# Installs what the end-to-end tests need, offline except for the npm registry and Debian apt:
# Chromium, code-server's build dependencies, and test/e2e/node_modules (code-server + playwright-core).
# Idempotent: every step is skipped when its result is already there. Safe to run as root (CI) or
# as a user who already has the apt packages.
set -euo pipefail

E2E_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# @vscode/ripgrep version pinned by code-server 4.100.3 (lib/vscode/npm-shrinkwrap.json) and the
# asset name its postinstall looks for in its download cache.
RIPGREP_PKG_VERSION="1.15.11"
RIPGREP_ASSET="ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"

log() { printf '[e2e setup] %s\n' "$*" >&2; }

wait_for_dpkg_lock() {
  local waited=0
  while pgrep -x 'apt|apt-get|dpkg|unattended-upgr' >/dev/null 2>&1; do
    if [ "$waited" -ge 900 ]; then log "apt/dpkg is still busy after 15 min"; return 1; fi
    [ "$waited" = 0 ] && log "waiting for another apt/dpkg to finish…"
    sleep 5; waited=$((waited + 5))
  done
}

install_apt_packages() {
  local missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
  [ -e /usr/include/krb5.h ] || [ -e /usr/include/gssapi/gssapi.h ] || missing+=(libkrb5-dev)
  command -v make >/dev/null 2>&1 || missing+=(make)
  command -v g++ >/dev/null 2>&1 || missing+=(g++)
  command -v python3 >/dev/null 2>&1 || missing+=(python3)
  if [ "${#missing[@]}" -eq 0 ]; then log "apt packages present"; return 0; fi
  if [ "$(id -u)" != 0 ]; then log "missing packages (${missing[*]}); run as root or apt-get install them"; return 1; fi
  log "apt-get install ${missing[*]}"
  wait_for_dpkg_lock
  apt-get update -qq
  wait_for_dpkg_lock
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# @vscode/ripgrep's postinstall downloads a prebuilt rg unless the tarball is already in
# <os.tmpdir()>/vscode-ripgrep-cache-<version>/; put Debian's rg there instead.
seed_ripgrep_cache() {
  local tmp cache stage
  tmp="$(node -p 'require("os").tmpdir()')"
  cache="$tmp/vscode-ripgrep-cache-$RIPGREP_PKG_VERSION"
  if [ -s "$cache/$RIPGREP_ASSET" ]; then return 0; fi
  log "seeding $cache/$RIPGREP_ASSET from $(command -v rg)"
  mkdir -p "$cache"
  stage="$(mktemp -d)"
  cp "$(command -v rg)" "$stage/rg"
  tar czf "$cache/$RIPGREP_ASSET" -C "$stage" rg
  rm -rf "$stage"
}

node_modules_ok() {
  local cs="$E2E_DIR/node_modules/code-server/lib/vscode/node_modules"
  [ -f "$cs/@vscode/ripgrep/bin/rg" ] && [ -f "$cs/node-pty/build/Release/pty.node" ] &&
    [ -f "$E2E_DIR/node_modules/playwright-core/package.json" ] &&
    [ -f "$E2E_DIR/node_modules/.package-lock.json" ] &&
    [ ! "$E2E_DIR/package-lock.json" -nt "$E2E_DIR/node_modules/.package-lock.json" ]
}

install_node_modules() {
  if node_modules_ok; then log "test/e2e/node_modules up to date"; return 0; fi
  local node_prefix
  node_prefix="$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")"
  # code-server's native modules (kerberos, node-pty, spdlog…) compile with node-gyp; point it at the
  # local Node headers so it never tries to download them.
  if [ -f "$node_prefix/include/node/node_api.h" ]; then export npm_config_nodedir="$node_prefix"; fi
  log "npm ci in test/e2e (code-server builds native modules; ~1-2 min)"
  (cd "$E2E_DIR" && npm_config_yes=true npm ci --unsafe-perm --no-audit --no-fund --loglevel=error)
}

install_apt_packages
seed_ripgrep_cache
install_node_modules
log "ready: code-server $(node -p 'require(process.argv[1]).version' "$E2E_DIR/node_modules/code-server/package.json")"
