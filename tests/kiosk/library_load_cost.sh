#!/usr/bin/env bash
# What the kiosk's shared libraries cost a process before it does anything: an empty program
# linked against the same libraries as PROGRAM (its DT_NEEDED list, so their own dependencies
# come too) prints its memory at main; then the same without each library named after it.
#   tests/kiosk/library_load_cost.sh build/kiosk/kiosk [libmecab.so.2 libespeak-ng.so.1 …]
# Figures in docs/benchmarks.md ("Stop 5 of issue 22"). Needs gcc and readelf (binutils).
set -euo pipefail
program=${1:?usage: library_load_cost.sh PROGRAM [LIBRARY…]}
shift
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/empty.c" <<'C'
#include <stdio.h>
#include <string.h>
int main(void) {
  FILE* status = fopen("/proc/self/status", "r");
  char line[256];
  while (status != NULL && fgets(line, sizeof line, status) != NULL) {
    if (strncmp(line, "VmRSS", 5) == 0 || strncmp(line, "RssAnon", 7) == 0 ||
        strncmp(line, "RssFile", 7) == 0) {
      fputs(line, stdout);
    }
  }
  return 0;
}
C
# The C and C++ runtimes every program has are left as they are.
mapfile -t needed < <(readelf -d "$program" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' |
  grep -v -e '^ld-linux' -e '^libc\.so' -e '^libm\.so' -e '^libgcc_s' -e '^libstdc++')
measure() {  # the libraries to link, as -l:NAME
  gcc -o "$work/empty" "$work/empty.c" -Wl,--no-as-needed "$@" -lstdc++
  local kb=()
  for _ in 1 2 3; do kb+=("$("$work/empty" | awk '/VmRSS/ {print $2}')"); done
  printf '%s KB (three runs: %s)' "$(printf '%s\n' "${kb[@]}" | sort -n | sed -n 2p)" "${kb[*]}"
}
all=()
for library in "${needed[@]}"; do all+=("-l:$library"); done
echo "$(basename "$program"): ${#needed[@]} libraries named, $(measure "${all[@]}") at main"
for without in "$@"; do
  some=()
  for library in "${needed[@]}"; do
    [[ "$library" == "$without" ]] || some+=("-l:$library")
  done
  echo "  without $without: $(measure "${some[@]}")"
done
