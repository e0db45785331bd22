#!/usr/bin/env bash
# One command: install what is needed, build with warnings as errors, and run every test (unit,
# integration against pcscd + the virtual card, ippeveprinter, the terminal simulator, and the
# end-to-end headless scenarios), two at a time; then the whole suite again under
# AddressSanitizer + UndefinedBehaviorSanitizer (build-san/), and every fuzzer for 20 s, two at a
# time (scripts/fuzz.sh). This is what .ci/run runs.
#   scripts/test.sh            the full suite
#   scripts/test.sh -L unit    any ctest arguments select a subset of the ordinary build's tests
#                              (no sanitizer run, no fuzzing)
# MADOGUCHI_SANITIZE_TESTS=0 leaves out the sanitizer run; MADOGUCHI_SANITIZE_CTEST_ARGS adds
# ctest arguments to it; MADOGUCHI_FUZZ_SECONDS changes the fuzzers' time (docs/testing.md).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
"$ROOT/scripts/install-deps.sh" --tests
"$ROOT/scripts/build.sh" -DMADOGUCHI_WERROR=ON -DMADOGUCHI_TESTS=ON
BUILD="${MADOGUCHI_BUILD_DIR:-$ROOT/build}"
if [ $# -gt 0 ]; then
  cd "$BUILD"
  exec ctest --output-on-failure --timeout 600 -j2 "$@"
fi

SANITIZE="${MADOGUCHI_SANITIZE_TESTS:-1}"
SAN_BUILD="${MADOGUCHI_SANITIZE_BUILD_DIR:-$ROOT/build-san}"
FUZZ_BUILD="${MADOGUCHI_FUZZ_BUILD_DIR:-$ROOT/build-fuzz}"
background=()
# Each background build runs in a session of its own (setsid), so stopping its process group
# stops its compilers too.
stop_background() {
  local pid
  for pid in "${background[@]}"; do kill -- "-$pid" 2>/dev/null || true; done
}
trap stop_background EXIT

# A build in the background at the lowest priority (nice 19): it takes only the CPU the running
# tests leave idle (most of them wait on a card, a printer or a countdown), so the tests' timing
# is not disturbed, and .ci/run keeps within its 60 minutes on 2 cores. Its output goes to a log
# that is printed if it fails.
build_in_background() { # LOG COMMAND...
  local log="$1"
  shift
  mkdir -p "$(dirname "$log")"
  # Where the kernel groups each session for scheduling (autogroup: on here and in many kernels), a
  # process's nice counts only against its own session: the new session itself is made nice
  # 19 (/proc/self/autogroup, written from inside it), or it would take a full share beside
  # the tests.
  setsid bash -c 'echo 19 >/proc/self/autogroup 2>/dev/null; exec nice -n 19 "$@"' background \
    "$@" >"$log" 2>&1 &
  background+=($!)
}
wait_for_build() { # PID LOG WHAT
  if ! wait "$1"; then
    echo "$3 failed; its log ($2) ends:" >&2
    tail -n 60 "$2" >&2
    exit 1
  fi
}

started=$(date +%s)
if [ "$SANITIZE" != 0 ]; then
  build_in_background "$SAN_BUILD.log" env MADOGUCHI_BUILD_DIR="$SAN_BUILD" \
    "$ROOT/scripts/build.sh" -DMADOGUCHI_WERROR=ON -DMADOGUCHI_TESTS=ON -DMADOGUCHI_SANITIZE=ON
  san_pid=$!
fi

# Two at a time: the tests take their locks (pcscd) and choose free ports (docs/testing.md).
(cd "$BUILD" && ctest --output-on-failure --timeout 600 -j2)
echo "tests: $(($(date +%s) - started)) s"

# Then the fuzzers' build (clang, build-fuzz/) starts behind the sanitizer run.
build_in_background "$FUZZ_BUILD.log" env MADOGUCHI_FUZZ_BUILD_DIR="$FUZZ_BUILD" \
  "$ROOT/scripts/fuzz.sh" 0
fuzz_pid=$!

# The sanitizer run: every test but the benchmarks (timings of an instrumented build mean
# nothing, and their smoke runs repeat what the matrices' tests do), two at a time. Any report
# fails the run: UBSan does not recover (-fno-sanitize-recover), ASan and LeakSanitizer end the
# process.
if [ "$SANITIZE" != 0 ]; then
  waited=$(date +%s)
  wait_for_build "$san_pid" "$SAN_BUILD.log" "the sanitizer build"
  built=$(date +%s)
  (
    cd "$SAN_BUILD"
    export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"
    # shellcheck disable=SC2086
    ctest --output-on-failure --timeout 900 -j2 -LE benchmark ${MADOGUCHI_SANITIZE_CTEST_ARGS:-}
  )
  echo "sanitizers: build waited for $((built - waited)) s, tests $(($(date +%s) - built)) s"
fi

# Then the libFuzzer targets, 20 s each (MADOGUCHI_FUZZ_SECONDS). A crash fails the run and
# prints where its input was saved.
wait_for_build "$fuzz_pid" "$FUZZ_BUILD.log" "the fuzzers' build"
background=()
"$ROOT/scripts/fuzz.sh" "${MADOGUCHI_FUZZ_SECONDS:-20}"
echo "scripts/test.sh: $(($(date +%s) - started)) s after the build"
