#!/usr/bin/env bash
# Prints the include graph of include/romfs between folders (layers), one
# "from -> to" edge per line, sorted: what docs/architecture.md must show.
# Umbrella headers (romfs/*.hpp) are the folder "romfs". Usage:
#   include_graph.sh INCLUDE_DIR
set -euo pipefail
inc="${1:?usage: include_graph.sh INCLUDE_DIR}/romfs"
cd "$inc"
for f in *.hpp */*.hpp; do
  from="$(dirname "$f")"; [ "$from" = . ] && from=romfs
  { grep -E '^#include "' "$f" || true; } | sed -E 's/^#include "([^"]+)".*/\1/' | while read -r target; do
    # Resolve relative to the including header's folder.
    path="$(realpath -m --relative-to=. "$(dirname "$f")/$target")"
    to="$(dirname "$path")"; [ "$to" = . ] && to=romfs
    if [ "$to" != "$from" ]; then echo "$from -> $to"; fi
  done
done | sort -u
