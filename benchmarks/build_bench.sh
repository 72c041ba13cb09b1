#!/usr/bin/env bash
# Benchmarks `romfs build` against reading the same files through a pipe
# (`find DIR -type f -exec cat {} + | wc -c`), warm cache, with peak RSS:
#   (a) 10,000 files, 100 MB, in 100 directories
#   (b) one 64 MB file, 12 directories deep
# Usage: benchmarks/build_bench.sh [ROMFS_TOOL] [WORK_DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tool="${1:-$root/build/rel/tools/romfs}"
work="${2:-$root/build/build-bench}"
[ -x "$tool" ] || { echo "build the tool first (e.g. cmake --build build/rel --target romfs_cli)" >&2; exit 2; }
bash "$root/cmake/scripts/ensure-packages.sh" bc time
mkdir -p "$work"

make_trees() {
  if [ ! -f "$work/a.done" ]; then
    rm -rf "$work/a"
    for d in $(seq 0 99); do
      mkdir -p "$work/a/dir$d"
      for f in $(seq 0 99); do
        head -c 10000 /dev/urandom > "$work/a/dir$d/file$f.bin"
      done
    done
    touch "$work/a.done"
  fi
  if [ ! -f "$work/b.done" ]; then
    rm -rf "$work/b"
    deep="$work/b/$(printf 'd%d/' $(seq 1 12))"
    mkdir -p "$deep"
    head -c $((64 * 1024 * 1024)) /dev/urandom > "$deep/big.bin"
    touch "$work/b.done"
  fi
}

# Best of 5 wall-clock seconds for a shell command.
best_of() {
  local best=""
  for _ in 1 2 3 4 5; do
    local s e t
    s=$(date +%s.%N)
    bash -c "$1" > /dev/null
    e=$(date +%s.%N)
    t=$(echo "$e - $s" | bc -l)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
  done
  printf '%.3f' "$best"
}

peak_rss_kb() {
  /usr/bin/time -v bash -c "$1" 2>&1 >/dev/null | awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}'
}

make_trees
for tree in a b; do
  dir="$work/$tree"
  out="$work/$tree.romfs"
  # Warm the page cache.
  find "$dir" -type f -exec cat {} + > /dev/null
  pipe=$(best_of "find '$dir' -type f -exec cat {} + | wc -c")
  build=$(best_of "'$tool' build '$dir' -o '$out' -q --no-mpy-cross")
  rss=$(peak_rss_kb "'$tool' build '$dir' -o '$out' -q --no-mpy-cross")
  ratio=$(echo "$build / $pipe" | bc -l)
  size=$(stat -c %s "$out")
  printf '%s: romfs build %ss, find|cat|wc %ss, ratio %.2f, peak RSS %d KiB, image %d bytes\n' \
    "$([ $tree = a ] && echo '(a) 10,000 files / 100 MB in 100 dirs' || echo '(b) one 64 MB file 12 dirs deep')" \
    "$build" "$pipe" "$ratio" "$rss" "$size"
  "$tool" verify "$out" > /dev/null
done
