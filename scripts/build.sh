#!/usr/bin/env bash
# Configures and builds Madoguchi into build/ (or $MADOGUCHI_BUILD_DIR).
# Extra arguments go to cmake's configure step, e.g. -DMADOGUCHI_SANITIZE=ON.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${MADOGUCHI_BUILD_DIR:-$ROOT/build}"
GEN=()
command -v ninja >/dev/null && GEN=(-G Ninja)
if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  cmake -S "$ROOT" -B "$BUILD" "${GEN[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@"
elif [ $# -gt 0 ]; then
  cmake -S "$ROOT" -B "$BUILD" "$@"
fi
cmake --build "$BUILD" -j "$(nproc)"
