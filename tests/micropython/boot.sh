#!/usr/bin/env bash
# Boot tests of examples/micropython-embed: MicroPython embedded in a C++
# firmware boots from ROMFS in QEMU mps2-an385. Each case boots the built
# firmware, either as linked (the app from ROMFS_EXAMPLE_APP_DIR in part0) or
# as the same firmware linked with empty partitions and QEMU's loader putting
# the case's images there (part1 defaults to the example's own).
#
#   boot.sh CASE QEMU ELF ROMFS MPY_CROSS WORK APP1_DIR DEFAULT_APP(1|0)
# CASE: app | order | py_before_mpy | corrupt_mpy | packages | missing_main |
#       corrupt_part0 | main_raises | ram
set -euo pipefail
case_name="${1:?usage: boot.sh CASE QEMU ELF ROMFS MPY_CROSS WORK APP1_DIR DEFAULT_APP}"
qemu="${2:-}" elf="$3" tool="$4" mpy_cross="$5" work="$6/$case_name" app1="$7" default_app="$8"
if [ -z "$qemu" ] || ! command -v "$qemu" >/dev/null; then
  echo "SKIPPED: qemu-system-arm not found (install qemu-system-arm)"; exit 0
fi
default0="$(dirname "$elf")/../part0.romfs" default1="$(dirname "$elf")/../part1.romfs"
rm -rf "$work"
mkdir -p "$work"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# run [APPEND] [PART0_IMAGE] [PART1_IMAGE]: boots; sets $out and $rc.
run() {
  local append="${1:-}" part0="${2:-}" part1="${3:-}" fw="$elf" load=()
  if [ -n "$part0$part1" ]; then
    fw="${elf%.elf}_empty.elf"
    load+=(-device "loader,file=${part0:-$default0},addr=0x21000000,force-raw=on")
    load+=(-device "loader,file=${part1:-$default1},addr=0x21200000,force-raw=on")
  fi
  set +e
  out="$(timeout 60 "$qemu" -M mps2-an385 -nographic -monitor none -serial none \
    -semihosting-config enable=on,target=native -kernel "$fw" "${load[@]}" ${append:+-append "$append"} 2>&1)"
  rc=$?
  set -e
  echo "--- boot ${append:+($append) }${part0:+part0=$(basename "$part0") }${part1:+part1=$(basename "$part1")}: exit $rc"
  echo "$out"
  if grep -q "FAULT" <<<"$out"; then fail "the firmware faulted"; fi
}
expect() { grep -qF -- "$1" <<<"$out" || fail "expected '$1'"; }
reject() { if grep -qF -- "$1" <<<"$out"; then fail "did not expect '$1'"; fi; }
expect_rc() { [ "$rc" = "$1" ] || fail "exit status $rc, expected $1"; }

# image NAME DIR: builds DIR into $work/NAME.romfs (sources as they are).
image() { "$tool" build "$2" -o "$work/$1.romfs" --no-mpy-cross -q >/dev/null; echo "$work/$1.romfs"; }
# put DIR/PATH CONTENT
put() { mkdir -p "$(dirname "$1")"; printf '%s\n' "$2" >"$1"; }
# mpy DIR/SRC.py DIR/OUT.mpy: mpy-cross, then the source is gone.
mpy() { "$mpy_cross" -o "$2" "$1"; rm "$1"; }

case "$case_name" in
app)
  run
  expect "romfs boot: main.py"
  if [ "$default_app" = 1 ]; then
    expect_rc 0
    expect "boot.py: part0"
    expect "main.py: part0"
    expect "sys.path: ['/rom', '/rom/lib', '/rom1', '/rom1/lib', '.frozen', '', '/flash', '/flash/lib']"
    expect "Hello, ROMFS! from /rom/lib/greet/__init__.py"
    expect "which: part0 from /rom/which.py"
    expect "from /rom/lib/fastmath.mpy"
    expect "fastmath.TABLE is in /rom"
    expect "fastmath.NAME is in /rom"
    expect "romfs boot: boot.py ran from /rom/boot.py"
    expect "romfs boot: main.py ran from /rom/main.py"
    expect "romfs boot: exit status 0"
  else
    # Another app: it boots from part0, whatever it then does.
    grep -qE "romfs boot: main.py (ran|exited|raised) from /rom/" <<<"$out" || fail "main.py did not run from /rom"
  fi
  ;;
order)
  # "which" and boot.py in both partitions, main.py only in part0.
  put "$work/p0/boot.py" 'print("boot from part0")'
  put "$work/p0/main.py" 'import which
print("which:", which.WHERE, "from", which.__file__)'
  put "$work/p0/which.py" 'WHERE = "part0"'
  put "$work/p1/boot.py" 'print("boot from part1")'
  put "$work/p1/lib/which.py" 'WHERE = "part1"'
  p0="$(image part0 "$work/p0")" p1="$(image part1 "$work/p1")"
  run "" "$p0" "$p1"
  expect_rc 0; expect "boot from part0"; expect "which: part0 from /rom/which.py"
  run "order=part1-first" "$p0" "$p1"
  expect_rc 0; expect "boot from part1"; expect "which: part1 from /rom1/lib/which.py"
  expect "romfs boot: main.py ran from /rom/main.py"
  # MicroPython's own order: the current directory (/flash, the firmware's
  # writable filesystem) before ROMFS, so its stale which.py wins.
  run "order=micropython" "$p0" "$p1"
  expect_rc 0; expect "which: flash (a stale copy on the writable filesystem) from which.py"
  expect "search path: '' '.frozen' '/rom' '/rom/lib' '/flash' '/flash/lib'"
  ;;
py_before_mpy)
  put "$work/p0/main.py" 'import both, onlympy, mpkg
print("both:", both.KIND, both.__file__)
print("onlympy:", onlympy.KIND, onlympy.__file__)
print("mpkg:", mpkg.KIND, mpkg.__file__)'
  put "$work/p0/lib/both.py" 'KIND = "py"'
  put "$work/src/both.py" 'KIND = "mpy"'
  mpy "$work/src/both.py" "$work/p0/lib/both.mpy"
  put "$work/p0/lib/onlympy.py" 'KIND = "mpy only"'
  mpy "$work/p0/lib/onlympy.py" "$work/p0/lib/onlympy.mpy"
  put "$work/p0/lib/mpkg/__init__.py" 'KIND = "package from __init__.mpy"'
  mpy "$work/p0/lib/mpkg/__init__.py" "$work/p0/lib/mpkg/__init__.mpy"
  run "" "$(image part0 "$work/p0")"
  expect_rc 0
  expect "both: py /rom/lib/both.py"
  expect "onlympy: mpy only /rom/lib/onlympy.mpy"
  expect "mpkg: package from __init__.mpy /rom/lib/mpkg/__init__.mpy"
  ;;
corrupt_mpy)
  # A .mpy cut short (a copy or write cut short): MicroPython's loader would
  # loop forever on it (or keep pointers past its end); romfs checks it
  # first and import raises ValueError. The whole file still imports.
  put "$work/src/fastmath.py" "$(cat "$(dirname "$app1")/app/lib/fastmath.py")"
  "$mpy_cross" -o "$work/full.mpy" "$work/src/fastmath.py"
  size=$(stat -c %s "$work/full.mpy")
  put "$work/p0/main.py" 'try:
    import fastmath
    print("imported fastmath:", fastmath.checksum(10))
except ValueError as e:
    print("import fastmath: ValueError:", e)
    raise'
  mkdir -p "$work/p0/lib"
  for keep in 2 4 9 $((size / 2)) $((size - 1)); do
    head -c "$keep" "$work/full.mpy" >"$work/p0/lib/fastmath.mpy"
    run "" "$(image "cut$keep" "$work/p0")"
    expect_rc 70; expect "import fastmath: ValueError: romfs: truncated or corrupt .mpy file"
  done
  cp "$work/full.mpy" "$work/p0/lib/fastmath.mpy"
  run "" "$(image whole "$work/p0")"
  expect_rc 0; expect "imported fastmath:"
  ;;
packages)
  put "$work/p0/main.py" 'from pkg.sub import leaf
import pkg, ns.mod
print("leaf:", leaf.NAME, leaf.__file__)
print("pkg:", pkg.NAME, pkg.helper(), pkg.__file__)
print("ns.mod:", ns.mod.NAME, ns.mod.__file__)
try:
    import which.nope
except ImportError as e:
    print("which.nope: ImportError", e)
try:
    import nothing_here
except ImportError as e:
    print("nothing_here: ImportError", e)'
  put "$work/p0/lib/pkg/__init__.py" 'NAME = "pkg"
from . import util
def helper():
    return util.VALUE'
  put "$work/p0/lib/pkg/util.py" 'VALUE = "relative import"'
  put "$work/p0/lib/pkg/sub/__init__.py" ''
  put "$work/p0/lib/pkg/sub/leaf.py" 'NAME = "leaf"'
  put "$work/p0/lib/ns/mod.py" 'NAME = "namespace package"'
  put "$work/p0/which.py" 'WHERE = "part0"'
  run "" "$(image part0 "$work/p0")"
  expect_rc 0
  expect "leaf: leaf /rom/lib/pkg/sub/leaf.py"
  expect "pkg: pkg relative import /rom/lib/pkg/__init__.py"
  expect "ns.mod: namespace package /rom/lib/ns/mod.py"
  expect "which.nope: ImportError"
  expect "nothing_here: ImportError"
  ;;
missing_main)
  put "$work/p0/boot.py" 'print("boot only")'
  p0="$(image part0 "$work/p0")"
  # part1's fallback main.py runs when part0 has none...
  run "" "$p0"
  expect_rc 0; expect "boot only"; expect "main.py: part1 (fallback)"
  expect "romfs boot: main.py ran from /rom1/main.py"
  # ...and with none anywhere the firmware says so and exits 66.
  put "$work/p1/lib/x.py" 'X = 1'
  run "" "$p0" "$(image part1 "$work/p1")"
  expect_rc 66; expect "romfs boot: main.py missing"; expect "romfs boot: boot.py ran from /rom/boot.py"
  ;;
corrupt_part0)
  # The linked part0 with its magic broken: part0 does not mount, part1 boots.
  cp "$default0" "$work/bad-magic.romfs"
  printf '\x00' | dd of="$work/bad-magic.romfs" bs=1 seek=2 conv=notrunc status=none
  run "" "$work/bad-magic.romfs"
  expect_rc 0
  expect "romfs: /rom: image does not open: not a ROMFS image (bad magic) at byte 0; booting without it"
  expect "main.py: part1 (fallback)"; expect "which: part1 from /rom1/which.py"
  # Erased flash (0xff) in part0: the same.
  head -c 4096 /dev/zero | tr '\0' '\377' >"$work/erased.romfs"
  run "" "$work/erased.romfs"
  expect_rc 0; expect "romfs: /rom: image does not open"; expect "main.py: part1 (fallback)"
  # A header that is fine and a body that is not.
  put "$work/p0/main.py" 'import which
print("which:", which.WHERE, "from", which.__file__)'
  put "$work/p0/which.py" 'WHERE = "part0"'
  torn() { # torn NAME [--hash]: the image of p0 with its second half zeroed
    "$tool" build "$work/p0" -o "$work/whole.romfs" --no-mpy-cross -q ${2:-} >/dev/null
    local size; size=$(stat -c %s "$work/whole.romfs")
    head -c $((size / 2)) "$work/whole.romfs" >"$work/$1.romfs"
    head -c $((size - size / 2)) /dev/zero >>"$work/$1.romfs"
    echo "$work/$1.romfs"
  }
  # A file's bytes changed, the structure intact: only the hash can tell.
  "$tool" build "$work/p0" -o "$work/tampered.romfs" --no-mpy-cross -q --hash >/dev/null
  at=$(grep -obUa 'part0' "$work/tampered.romfs" | head -n 1 | cut -d: -f1)
  printf 'P' | dd of="$work/tampered.romfs" bs=1 seek="$at" conv=notrunc status=none
  run "" "$work/tampered.romfs"
  expect_rc 0
  expect "romfs: /rom: image does not open: filesystem payload does not match its integrity hash at byte"
  expect "which: part1 from /rom1/which.py"
  # The second half erased to zeros, as a cut-short write leaves it: the
  # structural check at mount finds the records of kind 0.
  run "" "$(torn torn)"
  expect_rc 0
  expect "romfs: /rom: image does not open: record of kind 0 (erased or corrupt data) at byte"
  expect "which: part1 from /rom1/which.py"
  ;;
main_raises)
  put "$work/p0/main.py" 'import helper
helper.fail()'
  put "$work/p0/lib/helper.py" 'def fail():
    raise ValueError("raised in ROMFS")'
  run "" "$(image part0 "$work/p0")"
  expect_rc 70
  expect "Traceback (most recent call last):"
  expect 'File "/rom/main.py", line 2'
  expect 'File "/rom/lib/helper.py", line 2, in fail'
  expect "ValueError: raised in ROMFS"
  expect "romfs boot: main.py raised from /rom/main.py"
  put "$work/p1/main.py" 'import sys
print("exiting with 5")
sys.exit(5)'
  rm -f "$work/p0/main.py"
  run "" "$(image part0b "$work/p0")" "$(image part1 "$work/p1")"
  expect_rc 5; expect "exiting with 5"; expect "romfs boot: main.py exited from /rom1/main.py"
  # Runaway recursion and a full heap: Python exceptions, never a fault.
  put "$work/p2/main.py" 'def f(n):
    return f(n + 1)
f(0)'
  run "" "$(image part0c "$work/p2")"
  expect_rc 70; expect "RuntimeError: maximum recursion depth exceeded"
  put "$work/p3/main.py" 'x = []
while True:
    x.append(bytearray(1000))'
  run "" "$(image part0d "$work/p3")"
  expect_rc 70; expect "MemoryError: memory allocation failed"
  ;;
ram)
  # The example's fastmath module compiled to .mpy, imported in place and
  # copied to RAM (residency=copy): the heap the import takes. Its own image,
  # so it holds whatever app ROMFS_EXAMPLE_APP_DIR is.
  put "$work/p0/main.py" 'import gc
gc.collect()
before = gc.mem_alloc()
import fastmath
gc.collect()
print("fastmath:", fastmath.checksum(1000), "from", fastmath.__file__)
print("fastmath import took", gc.mem_alloc() - before, "bytes of RAM")
print("fastmath.TABLE is in", romfs_where(fastmath.TABLE))'
  mkdir -p "$work/p0/lib"
  cp "$(dirname "$app1")/app/lib/fastmath.py" "$work/fastmath.py"
  "$mpy_cross" -o "$work/p0/lib/fastmath.mpy" "$work/fastmath.py"
  p0="$(image part0 "$work/p0")"
  run "" "$p0"
  expect_rc 0; expect "fastmath.TABLE is in /rom"; expect "from /rom/lib/fastmath.mpy"
  in_place="$(sed -n 's/^fastmath import took \([0-9]*\) bytes of RAM$/\1/p' <<<"$out")"
  run "residency=copy" "$p0"
  expect_rc 0; expect "fastmath.TABLE is in None"
  copied="$(sed -n 's/^fastmath import took \([0-9]*\) bytes of RAM$/\1/p' <<<"$out")"
  if [ -z "$in_place" ] || [ -z "$copied" ]; then
    fail "no RAM figures"
  elif [ "$in_place" -ge "$copied" ]; then
    fail "in place ($in_place bytes) does not save RAM against a copy ($copied bytes)"
  else
    echo "importing fastmath.mpy: $in_place bytes of RAM in place, $copied copied to RAM: saves $((copied - in_place)) bytes"
  fi
  ;;
*) echo "boot.sh: unknown case $case_name"; exit 2 ;;
esac

if [ "$fails" -ne 0 ]; then
  echo "boot $case_name: $fails check(s) failed"; exit 1
fi
echo "boot $case_name: every boot check passed"
