#!/usr/bin/env bash
# The demo, end to end: install what is missing, build the example, open its
# ROMFS image, verify it, list it and print /main.py.
# Usage: bash examples/run-demo.sh [IMAGE [PATH]]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/cmake/scripts/ensure-packages.sh" cmake make g++
build="$root/build/demo"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release \
  -DROMFS_TESTS=OFF -DROMFS_BENCHMARKS=OFF -DROMFS_DOCS=OFF >/dev/null
cmake --build "$build" --target romfs_demo -j "$(nproc)" >/dev/null
"$build/examples/romfs_demo" "$@"
