#!/usr/bin/env bash
# Every C++ file of the product and its tests is as clang-format (.clang-format) writes it:
# prints the files that are not and exits 1, or exits 0. `clang-format -i FILE` fixes one.
#   scripts/check_format.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(find card forms fonts printer paper payment storage submission wiping text kiosk studio tests \
  -type f \( -name '*.cpp' -o -name '*.hpp' \) | sort)
# One clang-format for all of them; it names each file it would change in its warnings.
mapfile -t unformatted < <(clang-format --dry-run "${files[@]}" 2>&1 |
  sed -n 's/^\([^:]*\):[0-9]*:[0-9]*: warning: code should be clang-formatted.*/\1/p' | sort -u)
if ((${#unformatted[@]})); then
  echo "not as clang-format writes them (${#unformatted[@]} of ${#files[@]}); clang-format -i fixes each:"
  printf '  %s\n' "${unformatted[@]}"
  exit 1
fi
echo "all ${#files[@]} C++ files as clang-format writes them"
