#!/usr/bin/env bash
# One command: install what is needed, build with warnings as errors, and run
# every test (unit, integration against pcscd + the virtual card, ippeveprinter,
# the terminal simulator, and the end-to-end headless scenarios).
#   scripts/test.sh            the full suite
#   scripts/test.sh -L unit    any ctest arguments select a subset
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
"$ROOT/scripts/install-deps.sh"
"$ROOT/scripts/build.sh" -DMADOGUCHI_WERROR=ON -DMADOGUCHI_TESTS=ON
BUILD="${MADOGUCHI_BUILD_DIR:-$ROOT/build}"
cd "$BUILD"
ctest --output-on-failure --timeout 600 "$@"
