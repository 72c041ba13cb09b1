#!/usr/bin/env bash
# Interrupted deploys on the writable qemu board: the board holds an old
# image; a deploy of a new image (big.bin, SIZE KiB of random bytes (256
# unless given; 1024 is the case mpremote was measured tearing), then
# main.py) is killed
# (SIGKILL, so the link drops mid-command) at many points in turn; then
# MicroPython, through mpremote (its soft reset remounts /rom), must show
# the old image or none, never a torn one. The same for
# `mpremote romfs deploy` as the control (it writes the header first).
#
#   qemu_interrupt.sh TOOL MICROPYTHON_BUILD WORK_DIR [POINTS [SIZE]]
set -euo pipefail
tool="${1:?usage: qemu_interrupt.sh TOOL MICROPYTHON_BUILD WORK_DIR [POINTS]}"
build="${2:?usage: qemu_interrupt.sh TOOL MICROPYTHON_BUILD WORK_DIR [POINTS]}"
work="${3:?usage: qemu_interrupt.sh TOOL MICROPYTHON_BUILD WORK_DIR [POINTS]}"
points="${4:-4}"
size_kib="${5:-256}"
mp="$build/micropython"
mkdir -p "$work"
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
have_mpremote || { echo "qemu_interrupt: mpremote cannot run (python3-serial): needed to look at the board"; exit 1; }
fw="$mp/ports/qemu/build-memoryview/firmware.elf"
trap stop_qemu EXIT

mkdir -p "$work/old/lib" "$work/new"
printf 'X = 1\n' >"$work/old/lib/greet.py"
printf 'print("old")\n' >"$work/old/main.py"
head -c $((size_kib * 1024)) /dev/urandom >"$work/new/big.bin"
printf 'print("new")\n' >"$work/new/main.py"
"$tool" build "$work/old" -o "$work/old.romfs" -q --no-mpy-cross
"$tool" build "$work/new" -o "$work/new.romfs" -q --no-mpy-cross
old_list="$(host_listing "$work/old.romfs")"
new_list="$(host_listing "$work/new.romfs")"

# What the board holds now: old, new, none or torn.
outcome() {
  local seen
  seen="$(device_walk)"
  if [ "$seen" = "$old_list" ]; then echo old
  elif [ "$seen" = "$new_list" ]; then echo new
  elif [ "$seen" = NOROM ]; then echo none
  else echo torn
  fi
}

# One deploy by `client` killed after `secs` seconds (0: not killed).
run_once() {
  local client="$1" secs="$2"
  boot_pty "$fw" "$work/old.romfs"
  local cmd
  if [ "$client" = romfs ]; then cmd=("$tool" deploy "$work/new.romfs" --port "$pty" -q)
  else cmd=(env PYTHONPATH="$mp/tools/mpremote" /usr/bin/python3 -m mpremote connect "$pty" romfs deploy "$work/new.romfs")
  fi
  if [ "$secs" = 0 ]; then
    local start
    start=$(date +%s.%N)
    "${cmd[@]}" >/dev/null 2>&1 || true
    echo "scale=2; ($(date +%s.%N) - $start) / 1" | bc >"$work/duration"
  else timeout -s KILL "$secs" "${cmd[@]}" >/dev/null 2>&1 || true
  fi
  outcome
  stop_qemu
}

status=0
for client in romfs mpremote; do
  # The whole deploy's time, then kills spread over it (and near its end,
  # where the header is written).
  full="$(run_once "$client" 0)"
  duration="$(cat "$work/duration")"
  [ "$full" = new ] || { echo "qemu_interrupt: $client: the uninterrupted deploy gave '$full'"; status=1; }
  declare -A count=([old]=0 [new]=0 [none]=0 [torn]=0)
  list="0.2 0.6"
  # The control needs only to show the tear: fewer points.
  n="$points"; [ "$client" = mpremote ] && n=3
  for i in $(seq 1 "$n"); do
    t="$(echo "scale=2; $duration * $i / ($n + 1) + 0.3" | bc)"
    list="$list $t"
  done
  list="$list $(echo "scale=2; $duration * 0.97" | bc) $(echo "scale=2; $duration * 0.995" | bc)"
  detail=""
  for t in $list; do
    r="$(run_once "$client" "$t")"
    count[$r]=$((count[$r] + 1))
    detail="$detail ${t}s:$r"
  done
  echo "qemu_interrupt: $client deploy (${duration}s uninterrupted), killed at$detail"
  echo "qemu_interrupt: $client: old ${count[old]}, none ${count[none]}, new ${count[new]}, torn ${count[torn]}"
  if [ "$client" = romfs ] && [ "${count[torn]}" != 0 ]; then
    echo "qemu_interrupt: FAIL: romfs deploy left a torn image"; status=1
  fi
  if [ "$client" = mpremote ] && [ "${count[torn]}" = 0 ]; then
    echo "qemu_interrupt: note: the mpremote control left no torn image this time"
  fi
  unset count
done
[ $status = 0 ] && echo "qemu_interrupt: romfs deploy: never a torn image"
exit $status
