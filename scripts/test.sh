#!/usr/bin/env bash
# One command: install what is needed, build with warnings as errors, and run
# every test (unit, integration against pcscd + the virtual card, ippeveprinter,
# the terminal simulator, and the end-to-end headless scenarios), two at a time; then, for the
# full suite, every fuzzer for 20 s (scripts/fuzz.sh).
#   scripts/test.sh            the full suite
#   scripts/test.sh -L unit    any ctest arguments select a subset (no sanitizer run, no fuzzing)
# MADOGUCHI_SANITIZE_TESTS=1 also builds everything with AddressSanitizer +
# UndefinedBehaviorSanitizer (build-san/) and runs the tests there, all but the benchmarks
# (docs/testing.md, "Sanitizers"; not yet in .ci/run: it would take it past 60 minutes);
# MADOGUCHI_SANITIZE_CTEST_ARGS adds ctest arguments to it.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
"$ROOT/scripts/install-deps.sh"
"$ROOT/scripts/build.sh" -DMADOGUCHI_WERROR=ON -DMADOGUCHI_TESTS=ON
BUILD="${MADOGUCHI_BUILD_DIR:-$ROOT/build}"
cd "$BUILD"
# Two at a time: the tests take their locks (pcscd) and choose free ports (docs/testing.md).
ctest --output-on-failure --timeout 600 -j2 "$@"
[ $# -eq 0 ] || exit 0

# The sanitizer run: every test but the benchmarks (timings of an instrumented build mean
# nothing, and their smoke runs repeat what the matrices' tests do), two at a time (the tests
# take their locks and free ports: docs/testing.md). Any report fails the run: UBSan does not
# recover (-fno-sanitize-recover), ASan and LeakSanitizer end the process.
if [ "${MADOGUCHI_SANITIZE_TESTS:-0}" != 0 ]; then
  SAN_BUILD="${MADOGUCHI_SANITIZE_BUILD_DIR:-$ROOT/build-san}"
  started=$(date +%s)
  MADOGUCHI_BUILD_DIR="$SAN_BUILD" "$ROOT/scripts/build.sh" -DMADOGUCHI_WERROR=ON \
    -DMADOGUCHI_TESTS=ON -DMADOGUCHI_SANITIZE=ON
  built=$(date +%s)
  (
    cd "$SAN_BUILD"
    export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"
    # MADOGUCHI_SANITIZE_CTEST_ARGS adds ctest arguments (e.g. -R, -E) for this run only.
    # shellcheck disable=SC2086
    ctest --output-on-failure --timeout 900 -j2 -LE benchmark ${MADOGUCHI_SANITIZE_CTEST_ARGS:-}
  )
  echo "sanitizers: build $((built - started)) s, tests $(($(date +%s) - built)) s"
fi

# Then the libFuzzer targets (clang, build-fuzz/), 20 s each; MADOGUCHI_FUZZ_SECONDS changes
# the time. A crash fails the run and prints where its input was saved.
"$ROOT/scripts/fuzz.sh" "${MADOGUCHI_FUZZ_SECONDS:-20}"
