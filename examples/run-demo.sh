#!/usr/bin/env bash
# The demo, end to end: build a ROMFS image from examples/app with the romfs
# tool, build Cortex-M3 firmware that links it into its FLASH_ROMFS partition
# (layout checked at compile and link time), and boot it in QEMU: it opens
# the partition, verifies it, lists it, finds boot.py and main.py and prints
# main.py. Then, with MicroPython's tree beside the checkout
# (../shared/third_party/micropython), MicroPython embedded in a C++ firmware
# boots from two ROM partitions and imports from them (examples/micropython-embed).
# Installs the Debian packages it needs.
# Usage: bash examples/run-demo.sh [mps2_an385|mps2_an500|microbit]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
machine="${1:-mps2_an385}"
case "$machine" in
  mps2_an385) qemu_machine=mps2-an385 ;;
  mps2_an500) qemu_machine=mps2-an500 ;;
  microbit) qemu_machine=microbit ;;
  *) echo "usage: $0 [mps2_an385|mps2_an500|microbit]" >&2; exit 2 ;;
esac
bash "$root/cmake/scripts/ensure-packages.sh" cmake make g++ libcli11-dev nlohmann-json3-dev zlib1g-dev \
  gcc-arm-none-eabi libnewlib-arm-none-eabi libstdc++-arm-none-eabi-dev qemu-system-arm python3
build="$root/build/demo"
jobs="$(nproc)"

echo "==> configuring (host tool + firmware examples)"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DROMFS_TESTS=OFF -DROMFS_BENCHMARKS=OFF \
  -DROMFS_DOCS=OFF >/dev/null

echo "==> 1. romfs build examples/app"
cmake --build "$build" --target romfs_cli -j "$jobs" >/dev/null
"$build/tools/romfs" build "$root/examples/app" -o "$build/demo-app.romfs" --align 16:*.py --no-mpy-cross
"$build/tools/romfs" ls -lR "$build/demo-app.romfs"

echo "==> 2. firmware for $machine (image in FLASH_ROMFS, layout checked by the compiler and the linker)"
cmake --build "$build" --target "romfs_firmware_$machine" -j "$jobs" >/dev/null
elf="$build/examples/firmware/$machine/firmware_$machine.elf"
arm-none-eabi-size "$elf"

echo "==> 3. booting it in qemu-system-arm -M $qemu_machine"
set +e
timeout 60 qemu-system-arm -M "$qemu_machine" -nographic -monitor none -serial none \
  -semihosting-config enable=on,target=native -kernel "$elf"
rc=$?
set -e
echo "==> firmware exited with code $rc"
[ "$rc" = 0 ] || exit "$rc"

if [ ! -d "$root/../shared/third_party/micropython/ports/embed" ]; then
  echo "==> 4. skipped: MicroPython's tree (../shared/third_party/micropython) is not beside the checkout"
  exit 0
fi
echo "==> 4. MicroPython embedded, booting from ROMFS (examples/micropython-embed: part0 = examples/micropython-embed/app)"
cmake --build "$build" --target romfs_micropython_embed -j "$jobs" >/dev/null
elf="$build/examples/micropython-embed/firmware/micropython_embed.elf"
arm-none-eabi-size "$elf"
set +e
timeout 60 qemu-system-arm -M mps2-an385 -nographic -monitor none -serial none \
  -semihosting-config enable=on,target=native -kernel "$elf"
rc=$?
set -e
echo "==> MicroPython firmware exited with code $rc"
exit "$rc"
