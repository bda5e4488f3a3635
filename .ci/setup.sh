#!/usr/bin/env bash
# Install offpath with its dev dependencies, and the editors the end-to-end tests drive.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet --upgrade pip
python3 -m pip install --quiet -e '.[dev]'
command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
bash .ci/install-editors.sh
