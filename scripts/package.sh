#!/usr/bin/env bash
# Builds the Debian packages madoguchi and madoguchi-demo (docs/install.md) into packages/
# (or the folder given): installs the build dependencies, builds the tree, runs cpack.
#   scripts/package.sh [OUTPUT_FOLDER]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$(realpath -m "${1:-$ROOT/packages}")"
"$ROOT/scripts/install-deps.sh"
"$ROOT/scripts/build.sh"
BUILD="${MADOGUCHI_BUILD_DIR:-$ROOT/build}"
mkdir -p "$OUT"
cpack --config "$BUILD/CPackConfig.cmake" -B "$OUT"
rm -rf "$OUT/_CPack_Packages"
ls -l "$OUT"/*.deb
