#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz/ with clang into build-fuzz/ (or
# $MADOGUCHI_FUZZ_BUILD_DIR) and runs each for a bounded time.
#   scripts/fuzz.sh [SECONDS]      default 30 seconds per fuzzer; 0 only builds
# Each fuzzer starts from a temporary copy of its seed corpus tests/fuzz/corpus/<name>/,
# so generated inputs never land in the repository. Exits non-zero on any crash, leak,
# timeout or out-of-memory, and prints where the crashing input was saved.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SECONDS_PER_FUZZER="${1:-30}"
case "$SECONDS_PER_FUZZER" in
  '' | *[!0-9]*) echo "usage: scripts/fuzz.sh [SECONDS]" >&2; exit 2 ;;
esac
BUILD="${MADOGUCHI_FUZZ_BUILD_DIR:-$ROOT/build-fuzz}"
CXX_FUZZ="${MADOGUCHI_FUZZ_CXX:-clang++}"
# clang and its libFuzzer runtime come from scripts/install-deps.sh (clang,
# libclang-rt-14-dev); scripts/test.sh has run it already.
command -v "$CXX_FUZZ" >/dev/null || "$ROOT/scripts/install-deps.sh"
command -v "$CXX_FUZZ" >/dev/null || { echo "fuzz: $CXX_FUZZ not found" >&2; exit 1; }

GEN=()
command -v ninja >/dev/null && GEN=(-G Ninja)
if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  cmake -S "$ROOT/tests/fuzz" -B "$BUILD" "${GEN[@]}" -DCMAKE_CXX_COMPILER="$CXX_FUZZ" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
cmake --build "$BUILD" -j "$(nproc)"
# libFuzzer reads -max_total_time=0 as "no limit": 0 seconds means build only.
if [ "$SECONDS_PER_FUZZER" -eq 0 ]; then
  echo "fuzz: built in $BUILD; 0 seconds, nothing run"
  exit 0
fi

WORK="$(mktemp -d /tmp/madoguchi-fuzz-XXXXXX)"
# One fuzzer: runs for the time given, then prints its summary (and on failure its output and
# where the crashing input was saved); exit 1 when it found something.
fuzz_one() { # SOURCE
  local fuzzer name corpus artifacts log rc crashes crash
  fuzzer="$(basename "$1" .cpp)"
  name="${fuzzer%_fuzzer}"
  corpus="$WORK/$name/corpus"
  artifacts="$WORK/$name/artifacts"
  mkdir -p "$corpus" "$artifacts"
  [ -d "$ROOT/tests/fuzz/corpus/$name" ] && cp -R "$ROOT/tests/fuzz/corpus/$name/." "$corpus/"
  log="$WORK/$name/fuzz.log"
  echo "fuzz: $fuzzer for ${SECONDS_PER_FUZZER}s (corpus $corpus, log $log)"
  # A libFuzzer dictionary tests/fuzz/<name>.dict, when there is one.
  local dict=()
  [ -f "$ROOT/tests/fuzz/$name.dict" ] && dict=("-dict=$ROOT/tests/fuzz/$name.dict")
  set +e
  # -print_final_stats for the summary below; the crash reproducer goes to $artifacts.
  "$BUILD/$fuzzer" "$corpus" "${dict[@]}" -max_total_time="$SECONDS_PER_FUZZER" -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts/" >"$log" 2>&1
  rc=$?
  set -e
  # The last status line ("#N DONE cov: … exec/s: …") and the final stats.
  grep -E '^#[0-9]+[[:space:]]+(INITED|DONE)' "$log" | tail -n 2 | sed "s/^/fuzz: $fuzzer: /" || true
  grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$log" |
    sed "s/^/fuzz: $fuzzer: /" || true
  crashes=("$artifacts"/*)
  if [ "$rc" -ne 0 ] || [ -e "${crashes[0]}" ]; then
    echo "fuzz: $fuzzer FAILED (exit $rc); its output:"
    tail -n 60 "$log"
    for crash in "${crashes[@]}"; do
      [ -e "$crash" ] || continue
      echo "fuzz: $fuzzer: crashing input saved as $crash"
      echo "fuzz:   reproduce with: $BUILD/$fuzzer $crash"
    done
    return 1
  fi
  echo "fuzz: $fuzzer ok"
}

# As many fuzzers side by side as there are cores (each is one process); each one's summary is
# printed whole when it ends.
status=0
running=0
jobs_max="$(nproc)"
for source in "$ROOT"/tests/fuzz/*_fuzzer.cpp; do
  name="$(basename "$source" _fuzzer.cpp)"
  mkdir -p "$WORK/$name"
  fuzz_one "$source" >"$WORK/$name/summary" 2>&1 &
  running=$((running + 1))
  if [ "$running" -ge "$jobs_max" ]; then
    wait -n || status=1
    running=$((running - 1))
  fi
done
while [ "$running" -gt 0 ]; do
  wait -n || status=1
  running=$((running - 1))
done
cat "$WORK"/*/summary
if [ "$status" -eq 0 ]; then
  rm -rf "$WORK"
else
  echo "fuzz: kept $WORK (corpus, log and crashing inputs)" >&2
fi
exit "$status"
