#!/usr/bin/env bash
# Builds MicroPython for the tests, once per WORK directory, in a copy of
# ../shared/third_party/micropython (read-only): mpy-cross, the unix port
# (vfs.VfsRom on the host), the stock qemu port (MPS2_AN385: its rom_ioctl
# cannot write) and the qemu port with the tests' writable ROM partition
# (tests/micropython/board/vfs_rom_ioctl.c) in both segment shapes:
#   WORK/micropython/mpy-cross/build/mpy-cross
#   WORK/micropython/ports/unix/build-standard/micropython
#   WORK/micropython/ports/qemu/build-MPS2_AN385/firmware.elf   (stock)
#   WORK/micropython/ports/qemu/build-memoryview/firmware.elf   (writable)
#   WORK/micropython/ports/qemu/build-block/firmware.elf        (writable)
#   WORK/micropython/ports/qemu/build-nodeflate/firmware.elf    (writable, no deflate)
#
#   build.sh MICROPYTHON_DIR WORK
set -euo pipefail
mp="${1:?usage: build.sh MICROPYTHON_DIR WORK}"
work="${2:?usage: build.sh MICROPYTHON_DIR WORK}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
board_src="$here/board/vfs_rom_ioctl.c"
jobs="$(nproc)"
src="$work/micropython"
stamp="$work/built.stamp"
# Rebuilt when anything it is built from changes: the writable board's
# source, this script, MicroPython's tree (the sources these builds compile:
# names, sizes, modification times) and the compilers. WORK may be shared
# by several build trees (ROMFS_MICROPYTHON_BUILD_DIR).
fingerprint() {
  cat "$board_src" "${BASH_SOURCE[0]}"
  echo "$mp"
  { (cd "$mp" && find py extmod shared lib mpy-cross ports/unix ports/qemu tools -type f \
     -not -path '*/build/*' -not -path '*/build-*/*' -printf '%p %s %T@\n') 2>/dev/null || true; } | LC_ALL=C sort
  { arm-none-eabi-gcc --version; gcc --version; } 2>/dev/null | sed -n '/ [0-9]*\.[0-9]*\.[0-9]/p' || true
}
want="$(fingerprint | sha256sum | cut -d' ' -f1)"
mkdir -p "$work"
# One build at a time in WORK (two build trees' ctest runs at once).
exec 9>"$work/lock"
flock 9
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "micropython build: up to date in $work"; exit 0
fi
rm -f "$stamp"
rm -rf "$src" "$work/writable"
cp -r --no-preserve=mode "$mp" "$src"
step() {
  local name="$1"; shift
  if ! "$@" >"$work/$name.log" 2>&1; then
    tail -n 30 "$work/$name.log"; echo "micropython build: $name failed (log: $work/$name.log)"; exit 1
  fi
  echo "micropython build: $name"
}
step mpy-cross make -C "$src/mpy-cross" -j"$jobs"
step unix make -C "$src/ports/unix" VARIANT=standard FROZEN_MANIFEST= MICROPY_PY_BTREE=0 MICROPY_PY_SSL=0 \
  MICROPY_SSL_MBEDTLS=0 MICROPY_SSL_AXTLS=0 MICROPY_PY_FFI=0 -j"$jobs"
step qemu-stock make -C "$src/ports/qemu" BOARD=MPS2_AN385 FROZEN_MANIFEST= -j"$jobs"
# The writable board: the same port with the tests' rom_ioctl, in build
# directories of their own (the stock firmware is linked by now).
cp "$board_src" "$src/ports/qemu/vfs_rom_ioctl.c"
step qemu-memoryview make -C "$src/ports/qemu" BOARD=MPS2_AN385 FROZEN_MANIFEST= BUILD=build-memoryview -j"$jobs"
step qemu-block make -C "$src/ports/qemu" BOARD=MPS2_AN385 FROZEN_MANIFEST= BUILD=build-block \
  CFLAGS_EXTRA=-DROMFS_TEST_SHAPE_BLOCK=1 -j"$jobs"
# The writable board without the deflate module: deploys fall back to base64.
step qemu-nodeflate make -C "$src/ports/qemu" BOARD=MPS2_AN385 FROZEN_MANIFEST= BUILD=build-nodeflate \
  CFLAGS_EXTRA=-DMICROPY_PY_DEFLATE=0 -j"$jobs"
echo "$want" >"$stamp"
