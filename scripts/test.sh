#!/usr/bin/env bash
# One command: install what is needed, build with warnings as errors, and run
# every test (unit, integration against pcscd + the virtual card, ippeveprinter,
# the terminal simulator, and the end-to-end headless scenarios), then fuzz the card
# parsers for 30 s (scripts/fuzz.sh).
#   scripts/test.sh            the full suite
#   scripts/test.sh -L unit    any ctest arguments select a subset
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
"$ROOT/scripts/install-deps.sh"
"$ROOT/scripts/build.sh" -DMADOGUCHI_WERROR=ON -DMADOGUCHI_TESTS=ON
BUILD="${MADOGUCHI_BUILD_DIR:-$ROOT/build}"
cd "$BUILD"
ctest --output-on-failure --timeout 600 "$@"
# Then, for the full suite (no ctest arguments), the libFuzzer targets (clang,
# build-fuzz/), 30 s each; MADOGUCHI_FUZZ_SECONDS changes the time. A crash fails the
# run and prints where its input was saved.
if [ $# -eq 0 ]; then
  "$ROOT/scripts/fuzz.sh" "${MADOGUCHI_FUZZ_SECONDS:-30}"
fi
