#!/usr/bin/env bash
# Checks that built programs carry the hardening the top CMakeLists.txt asks for:
#   PIE (ELF type DYN), full RELRO (a GNU_RELRO segment and BIND_NOW), stack canaries
#   (__stack_chk_fail), _FORTIFY_SOURCE (glibc's __*_chk functions) and _GLIBCXX_ASSERTIONS
#   (libstdc++'s bounds-check message in the code).
#   check_hardening.sh [--no-fortify] PROGRAM...
# --no-fortify: a build without _FORTIFY_SOURCE (Debug, or the sanitizer build) is not asked
# for __*_chk functions. Exits 1 naming each program and what it lacks.
set -euo pipefail
fortify=1
if [ "${1:-}" = "--no-fortify" ]; then
  fortify=0
  shift
fi
[ $# -gt 0 ] || { echo "usage: check_hardening.sh [--no-fortify] PROGRAM..." >&2; exit 2; }
command -v readelf >/dev/null || { echo "check_hardening: readelf (binutils) not found" >&2; exit 2; }

failed=0
for program in "$@"; do
  [ -f "$program" ] || { echo "$program: no such file" >&2; failed=1; continue; }
  lacks=()
  readelf -h "$program" | grep -Eq 'Type:[[:space:]]+DYN' || lacks+=("PIE (ELF type is not DYN)")
  readelf -lW "$program" | grep -q 'GNU_RELRO' || lacks+=("RELRO (no GNU_RELRO segment)")
  readelf -dW "$program" | grep -Eq '\(FLAGS\).*BIND_NOW|\(FLAGS_1\).*NOW' ||
    lacks+=("full RELRO (no BIND_NOW)")
  symbols="$(readelf --dyn-syms -W "$program")"
  grep -q '__stack_chk_fail' <<<"$symbols" || lacks+=("stack protector (no __stack_chk_fail)")
  if [ "$fortify" -eq 1 ]; then
    chk="$(grep -oE '__[a-z0-9_]+_chk' <<<"$symbols" | grep -v '^__stack_chk' | sort -u | tr '\n' ' ')"
    [ -n "$chk" ] || lacks+=("_FORTIFY_SOURCE (no __*_chk function)")
  fi
  # libstdc++'s checked operator[] carries its condition as text: only with _GLIBCXX_ASSERTIONS.
  grep -aq '__n < this->size()' "$program" || lacks+=("_GLIBCXX_ASSERTIONS (no bounds check)")
  if [ ${#lacks[@]} -gt 0 ]; then
    failed=1
    for what in "${lacks[@]}"; do echo "$program: lacks $what" >&2; done
  else
    echo "$program: PIE, full RELRO, stack protector${chk:+, fortified (${chk% })}, libstdc++ assertions"
  fi
done
exit "$failed"
