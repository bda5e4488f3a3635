#!/usr/bin/env bash
# Build the VS Code extension from a clean clone: npm ci, type-check, bundle with esbuild, install the
# offpath server and its pure-Python dependencies into vscode-client/bundled/libs, and package
# vscode-client/offpath-<version>.vsix. Safe to re-run; exits non-zero on the first failure.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLIENT="$ROOT/vscode-client"
LIBS="$CLIENT/bundled/libs"
PYTHON="${PYTHON:-python3}"

step() { printf '\n== %s\n' "$*"; }

cd "$CLIENT"
VERSION="$(node -p 'require("./package.json").version')"
VSIX="$CLIENT/offpath-$VERSION.vsix"

step "npm ci"
npm ci --no-audit --no-fund

step "typecheck"
npm run --silent typecheck

step "build"
rm -rf dist
npm run --silent build

step "bundle Python libraries into bundled/libs"
rm -rf "$CLIENT/bundled"
mkdir -p "$LIBS"
PIP=("$PYTHON" -m pip install --disable-pip-version-check --no-input --no-compile --target "$LIBS")
# Pinned pure-Python wheels, chosen for the oldest Python the server supports.
"${PIP[@]}" --no-deps --only-binary=:all: --python-version 3.10 -r "$CLIENT/requirements-bundle.txt"
# The server itself, built from a copy of this checkout (package-dir maps offpath.analysis,
# offpath.server and offpath.cli) so setuptools' build/ and *.egg-info neither litter the tree nor go stale.
SRC="$(mktemp -d)"
trap 'rm -rf "$SRC"' EXIT
tar -C "$ROOT" --exclude=./.git --exclude=./vscode-client --exclude=./build --exclude='*.egg-info' \
    --exclude=node_modules --exclude=__pycache__ --exclude=.venv -cf - . | tar -C "$SRC" -xf -
"${PIP[@]}" --no-deps "$SRC"
rm -rf "$LIBS/bin"
find "$LIBS" -name __pycache__ -type d -prune -exec rm -rf {} +

step "check bundled/libs"
# Only pure Python may ship: the .vsix must run on every platform and Python 3.10+.
native="$(find "$LIBS" -type f \( -name '*.so' -o -name '*.pyd' -o -name '*.dylib' \) | head -5)"
if [[ -n "$native" ]]; then
    echo "native files in bundled/libs:" >&2
    echo "$native" >&2
    exit 1
fi
# -S: no site-packages, so every import must be satisfied by bundled/libs and the stdlib.
"$PYTHON" -S - "$LIBS" <<'PY'
import importlib, importlib.util, sys
sys.path.insert(0, sys.argv[1])
for name in ("pygls.lsp.server", "lsprotocol.types", "jedi", "parso", "attrs", "cattrs"):
    importlib.import_module(name)
if importlib.util.find_spec("offpath.server.__main__") is None:
    sys.exit("bundled/libs has no offpath.server.__main__: the offpath package did not install")
importlib.import_module("offpath.server")
print("bundled/libs imports OK")
PY

step "package $VSIX"
rm -f "$VSIX"
# vsce's secret scan reads every file (~6,000 here, mostly jedi's typeshed stubs) and takes minutes
# on a busy machine; the only files we write are dist/ and tool/, so check for .env files ourselves.
dotenv="$(find "$CLIENT/dist" "$CLIENT/tool" "$CLIENT/bundled" -name '.env*' | head -5)"
if [[ -n "$dotenv" ]]; then
    echo ".env files would be packaged:" >&2
    echo "$dotenv" >&2
    exit 1
fi
npm run --silent package -- --out "$VSIX"

step "check the .vsix"
listing="$(unzip -l "$VSIX")"
for entry in extension/dist/extension.js extension/tool/server.py \
    extension/bundled/libs/offpath/server/__main__.py extension/bundled/libs/pygls/ \
    extension/bundled/libs/lsprotocol/ extension/bundled/libs/jedi/; do
    if ! grep -q " $entry" <<<"$listing"; then
        echo "missing from the .vsix: $entry" >&2
        exit 1
    fi
done
echo "built $VSIX ($(du -h "$VSIX" | cut -f1))"
