#!/usr/bin/env bash
# Compiles micropython-lib's python-stdlib with MicroPython's mpy-cross and
# runs check_mpy over the .mpy files.  check_mpy.sh CHECK_MPY MP_BUILD WORK LIB
set -euo pipefail
check="$1" mpy_cross="$2/micropython/mpy-cross/build/mpy-cross" work="$3" lib="$4/python-stdlib"
[ -d "$lib" ] || { echo "SKIPPED: $lib not found"; exit 0; }
rm -rf "$work"; mkdir -p "$work"
n=0
while IFS= read -r f; do
  n=$((n + 1))
  "$mpy_cross" -o "$work/$n.mpy" "$f"
done < <(find "$lib" -name '*.py' | sort)
"$check" "$work"
