#!/usr/bin/env bash
# Every test: installs what is missing, then builds and runs the whole suite
# with GCC 12 (AddressSanitizer + UBSan) and clang 14: runtime, static,
# compile-fail, package, CLI, board, link and power-cut tests, the Cortex-M firmware
# under QEMU (ctest -L qemu), MicroPython itself in the loop (ctest -L micropython:
# its unix port reading our images, its qemu port booting them, romfs deploy /
# query / pull against it beside mpremote, interrupted deploys: ctest -L device)
# and the no-heap check; builds the API docs with
# warnings as errors; prints the code-size budget; runs a short libFuzzer
# smoke.
#
# Environment: ROMFS_FUZZ_SECONDS (default 60: the deep reader target's
# time; each other target gets a third of it; 0 skips the fuzz smoke).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/cmake/scripts/ensure-packages.sh" \
  cmake make g++ clang-14 libclang-rt-14-dev catch2 doxygen libbenchmark-dev libcli11-dev nlohmann-json3-dev zlib1g-dev \
  gcc-arm-none-eabi libnewlib-arm-none-eabi libstdc++-arm-none-eabi-dev qemu-system-arm binutils srecord python3 python3-serial python3-platformdirs \
  bc libffi-dev pkg-config
jobs="$(nproc)"
fuzz_seconds="${ROMFS_FUZZ_SECONDS:-60}"

# Each step with the seconds since the start (where CI's time goes).
step() { printf '\n==== %s (at %ds)\n' "$*" "$SECONDS"; }

# MicroPython's tree beside the checkout (../shared/third_party): its board
# files, tools and firmware are test inputs. Without it those tests skip.
mp_dir="$root/../shared/third_party/micropython"
if [ -d "$mp_dir/ports" ]; then
  # One MicroPython build for both build trees (it takes two minutes).
  mp_arg=(-DROMFS_MICROPYTHON_DIR="$(cd "$mp_dir" && pwd)" -DROMFS_MICROPYTHON_BUILD_DIR="$root/build/micropython")
else
  echo "romfs: $mp_dir not found: tests on MicroPython's own files will be skipped"
  mp_arg=()
fi

step "GCC 12, Debug, ASan + UBSan"
CC=gcc cmake -S "$root" -B "$root/build/gcc" -DCMAKE_CXX_COMPILER=g++ -DCMAKE_BUILD_TYPE=Debug -DROMFS_SANITIZE=ON "${mp_arg[@]}"
cmake --build "$root/build/gcc" -j "$jobs"
(cd "$root/build/gcc" && ctest -j "$jobs" --output-on-failure)

step "clang 14, Release, with the libFuzzer harness"
CC=clang-14 cmake -S "$root" -B "$root/build/clang" -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=Release -DROMFS_FUZZ=ON "${mp_arg[@]}"
cmake --build "$root/build/clang" -j "$jobs"
# The device tests (ctest -L device: deploys to MicroPython in QEMU) drive the
# romfs command, already run under the sanitizers above: not twice.
(cd "$root/build/clang" && ctest -j "$jobs" --output-on-failure -LE device)

step "API docs (undocumented public API is an error)"
cmake --build "$root/build/gcc" --target docs

step "code size of the reader-only firmware (reported; goal: cortex-m0plus <= 600 bytes)"
"$root/benchmarks/code_size" | tail -n 3

if [ "$fuzz_seconds" -gt 0 ]; then
  for harness in romfs_fuzz_light:corpus romfs_fuzz:corpus romfs_fuzz_micropython:corpus romfs_fuzz_floor:corpus \
                 romfs_fuzz_layout:layout-corpus romfs_fuzz_elf:elf-corpus; do
    bin="${harness%%:*}"
    seeds="${harness##*:}"
    [ -x "$root/build/clang/benchmarks/$bin" ] || { echo "romfs: $bin not built (MicroPython's tree absent?): skipped"; continue; }
    seconds=$fuzz_seconds
    [ "$bin" != romfs_fuzz ] && seconds=$(( (fuzz_seconds + 2) / 3 ))
    # The light target's inputs stay under 2 KB (room for a listing past its
    # 256-entry stop): grown to libFuzzer's default 4 KB they cost a third of its speed
    # and reach no new edges; large images (the 2.5 KB seed is read truncated)
    # are the deep target's.
    extra=()
    [ "$bin" = romfs_fuzz_light ] && extra=(-max_len=2048)
    step "fuzz smoke: ${seconds}s of libFuzzer on $bin"
    work="$root/build/clang/fuzz-run/$bin"
    rm -rf "$work" && mkdir -p "$work/corpus"
    cp "$root/build/clang/benchmarks/$seeds/"* "$work/corpus/"
    "$root/build/clang/benchmarks/$bin" -max_total_time="$seconds" -print_final_stats=1 "${extra[@]}" \
      -artifact_prefix="$work/" "$work/corpus" 2>&1 | tail -n 6
  done
fi
step "all romfs tests passed"
