#!/usr/bin/env bash
# The whole test suite; fails on any failure and never reports "no tests" as success.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pytest -q -p no:cacheprovider "$@"
