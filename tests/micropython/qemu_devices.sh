#!/usr/bin/env bash
# `romfs deploy --port` against MicroPython boards in QEMU, with the real
# mpremote as the independent client:
# - the stock qemu firmware (rom_ioctl cannot write): romfs deploy exits 1
#   and claims nothing, the image on the board is untouched; mpremote's
#   deploy "succeeds" there (shown as the control);
# - the writable test board (tests/micropython/board), memoryview and block
#   device shapes: romfs deploys a directory (with .mpy from mpy-cross),
#   /rom shows it at once (remounted, no reset) and MicroPython imports a
#   package and runs .mpy code from it; an unchanged redeploy writes nothing
#   (the board's own erase/write counters say so); a one-file change erases
#   and writes only a few blocks; --reset; romfs pull gives the image back;
#   what mpremote deploys, romfs query and pull see; an image larger than
#   the partition is refused before anything is written.
#
#   qemu_devices.sh TOOL MICROPYTHON_BUILD WORK_DIR
set -euo pipefail
tool="${1:?usage: qemu_devices.sh TOOL MICROPYTHON_BUILD WORK_DIR}"
build="${2:?usage: qemu_devices.sh TOOL MICROPYTHON_BUILD WORK_DIR}"
work="${3:?usage: qemu_devices.sh TOOL MICROPYTHON_BUILD WORK_DIR}"
mp="$build/micropython"
mkdir -p "$work"
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
have_mpremote || { echo "qemu_devices: mpremote cannot run (python3-serial): needed as the reference client"; exit 1; }
stock="$mp/ports/qemu/build-MPS2_AN385/firmware.elf"
mpy_cross="$mp/mpy-cross/build/mpy-cross"
status=0
fail() { echo "qemu_devices: FAIL: $*"; status=1; }
trap stop_qemu EXIT

# The application: a module and a package in lib/, a module compiled to
# .mpy, data.
app="$work/app"
rm -rf "$app"
mkdir -p "$app/lib/pkg" "$app/data"
printf 'X = 42\n' >"$app/lib/greet.py"
printf 'def f():\n    return "pkg"\n' >"$app/lib/pkg/__init__.py"
printf 'def twice(n):\n    return 2 * n\n' >"$app/lib/compiled.py"
head -c 20000 /dev/urandom >"$app/data/noise.bin"
printf 'print("main")\n' >"$app/main.py"
"$tool" build "$app" -o "$work/app.romfs" -q --mpy-cross "$mpy_cross"
"$tool" ls -R "$work/app.romfs" | grep -q 'compiled.mpy' || fail "the app image holds no .mpy"
imports='import sys
for m in ("greet", "pkg", "compiled"):
    sys.modules.pop(m, None)
import greet, pkg, compiled
print("IMPORT", greet.X, pkg.f(), compiled.twice(21), compiled.__file__)'

# --- The stock firmware: no writes possible.
"$tool" build "$app" -o "$work/other.romfs" -q --no-mpy-cross --hash
boot_pty "$stock" "$work/other.romfs"
before="$("$tool" query --port "$pty" --json)"
rc=0
out="$("$tool" deploy "$work/app.romfs" --port "$pty" 2>&1)" || rc=$?
after="$("$tool" query --port "$pty" --json)"
[ $rc = 1 ] || fail "stock: deploy exited $rc, not 1: $out"
grep -q "cannot erase block 0.*EINVAL.*nothing was written" <<<"$out" || fail "stock: unclear message: $out"
[ "$before" = "$after" ] || fail "stock: the board changed"
echo "qemu_devices: stock firmware: romfs deploy exits $rc: ${out#romfs: }"
mp_out="$(mpr romfs deploy "$work/app.romfs" 2>&1 | tr -d '\r' | tail -n 1)" && mp_rc=0 || mp_rc=$?
echo "qemu_devices: stock firmware: mpremote romfs deploy (control) exits $mp_rc and prints '$mp_out'"
[ "$("$tool" query --port "$pty" --json)" = "$before" ] || fail "stock: mpremote changed the board"
stop_qemu

blocks_of() { sed -n 's/.*: \([0-9]*\) blocks erased, \([0-9]*\) written, \([0-9]*\) unchanged.*/\1 \2 \3/p' <<<"$1"; }
counters() { mpr resume exec 'import vfs; print("C", *vfs.rom_ioctl(100))' 2>/dev/null | tr -d '\r' | sed -n 's/^C //p'; }

for shape in memoryview block; do
  fw="$mp/ports/qemu/build-$shape/firmware.elf"
  boot_pty "$fw"
  # A directory, built on the way (.mpy by mpy-cross), onto an empty board.
  out="$("$tool" deploy "$app" --port "$pty" --mpy-cross "$mpy_cross" 2>&1)" || fail "$shape: first deploy: $out"
  first="$out"
  echo "qemu_devices: $shape: $out"
  grep -q "/rom remounted" <<<"$out" || fail "$shape: /rom not remounted"
  # /rom shows the image without a reset, and code runs from it.
  seen="$(device_walk resume)"
  [ "$seen" = "$(host_listing "$work/app.romfs")" ] || { fail "$shape: /rom differs from the image"; diff <(host_listing "$work/app.romfs") <(echo "$seen") || true; }
  imp="$(mpr resume exec "$imports" 2>&1 | tr -d '\r' | grep '^IMPORT' || true)"
  [ "$imp" = "IMPORT 42 pkg 42 /rom/lib/compiled.mpy" ] || fail "$shape: imports from /rom gave '$imp'"
  echo "qemu_devices: $shape: mpremote sees every file at /rom without a reset; $imp"
  # mpremote's own query agrees on the size.
  payload="$(mpr romfs query 2>&1 | tr -d '\r' | sed -n 's/.*ROMFS image size: //p')"
  [ "$payload" = "$("$tool" query --port "$pty" --json | sed -n 's/.*"payload_size": \([0-9]*\).*/\1/p')" ] \
    || fail "$shape: mpremote's query says image size '$payload'"
  # Pulled back byte for byte.
  "$tool" pull --port "$pty" -o "$work/pulled.romfs" >/dev/null
  cmp -s "$work/pulled.romfs" "$work/app.romfs" || fail "$shape: the pulled image differs"

  # Unchanged: nothing erased or written on the board.
  c0="$(counters)"
  out="$("$tool" deploy "$work/app.romfs" --port "$pty" 2>&1)" || fail "$shape: redeploy: $out"
  c1="$(counters)"
  grep -q "nothing written" <<<"$out" || fail "$shape: unchanged redeploy: $out"
  [ -n "$c0" ] && [ "$c0" = "$c1" ] || fail "$shape: unchanged redeploy changed the board's counters ($c0 -> $c1)"
  echo "qemu_devices: $shape: unchanged: $out (board's erase/write counters $c0 -> $c1)"

  # One file changed: only the blocks holding it (and block 0) change.
  # (Built from the same path: mpy-cross records the source's path.)
  printf 'X = 43\n' >"$app/lib/greet.py"
  "$tool" build "$app" -o "$work/app2.romfs" -q --mpy-cross "$mpy_cross"
  printf 'X = 42\n' >"$app/lib/greet.py"
  [ "$(stat -c %s "$work/app2.romfs")" = "$(stat -c %s "$work/app.romfs")" ] || fail "the one-file change changed the image's size"
  out="$("$tool" deploy "$work/app2.romfs" --port "$pty" 2>&1)" || fail "$shape: one-file deploy: $out"
  read -r erased written unchanged <<<"$(blocks_of "$out")"
  # Block 0 (header last) and the block(s) holding the .mpy; a fraction of
  # the first deploy's bytes.
  first_sent="$(sed -n 's/.*; \([0-9]*\) bytes sent.*/\1/p' <<<"$first")"
  sent="$(sed -n 's/.*; \([0-9]*\) bytes sent.*/\1/p' <<<"$out")"
  [ "${erased:-99}" -le 3 ] && [ "${unchanged:-0}" -ge 3 ] && [ "${sent:-0}" -lt $((first_sent / 4)) ] \
    || fail "$shape: one-file deploy touched too much: $out"
  imp="$(mpr resume exec "$imports" 2>&1 | tr -d '\r' | grep '^IMPORT' || true)"
  [ "$imp" = "IMPORT 43 pkg 42 /rom/lib/compiled.mpy" ] || fail "$shape: after the one-file deploy, imports gave '$imp'"
  echo "qemu_devices: $shape: one file changed: $erased blocks erased, $written written, $unchanged unchanged, $sent bytes sent (first deploy $first_sent)"

  # A file that grows moves everything after it: the blocks are rebuilt on
  # the board from what it holds, so a fraction of the image is sent.
  cp "$app/data/noise.bin" "$work/noise.bin"
  printf 'grown' >>"$app/data/noise.bin"   # data/ comes before lib/ and main.py
  "$tool" build "$app" -o "$work/grown.romfs" -q --mpy-cross "$mpy_cross"
  cp "$work/noise.bin" "$app/data/noise.bin"
  [ "$(stat -c %s "$work/grown.romfs")" -gt "$(stat -c %s "$work/app.romfs")" ] || fail "the grown image did not grow"
  out="$("$tool" deploy "$work/grown.romfs" --port "$pty" 2>&1)" || fail "$shape: grown deploy: $out"
  sent="$(sed -n 's/.*; \([0-9]*\) bytes sent.*/\1/p' <<<"$out")"
  [ -n "$sent" ] && [ "$sent" -lt $((first_sent / 2)) ] || fail "$shape: a grown file sent $sent bytes (first deploy: $first_sent): $out"
  [ "$(device_walk resume)" = "$(host_listing "$work/grown.romfs")" ] || fail "$shape: after the grown deploy /rom differs"
  echo "qemu_devices: $shape: a file grew (everything after it moved): $sent bytes sent, first deploy $first_sent"

  # --full rewrites every block; --reset soft-resets and the board's boot mounts /rom.
  out="$("$tool" deploy "$work/app.romfs" --port "$pty" --full --reset 2>&1)" || fail "$shape: --full --reset: $out"
  grep -q "soft reset" <<<"$out" || fail "$shape: --reset: $out"
  read -r erased written unchanged <<<"$(blocks_of "$out")"
  [ "${unchanged:-1}" = 0 ] || fail "$shape: --full left blocks unchanged: $out"
  [ "$(device_walk resume)" = "$(host_listing "$work/app.romfs")" ] || fail "$shape: after --reset /rom differs"

  # A progress bar (bytes/s, ETA) on a terminal (script(1) gives one); -q:
  # nothing on stdout or stderr.
  if command -v script >/dev/null; then
    tty_out="$(script -qec "'$tool' deploy '$work/app2.romfs' --port '$pty' --full" /dev/null 2>&1 | tr '\r' '\n')"
    grep -q 'KiB/s  ETA' <<<"$tty_out" || fail "$shape: no progress bar on a terminal: $tty_out"
  fi
  quiet="$("$tool" deploy "$work/app.romfs" --port "$pty" -q 2>&1)" || fail "$shape: -q deploy failed: $quiet"
  [ -z "$quiet" ] || fail "$shape: -q printed '$quiet'"
  [ "$(device_walk resume)" = "$(host_listing "$work/app.romfs")" ] || fail "$shape: after -q, /rom differs"

  # Too large for the partition (4 MiB): refused, the board untouched.
  if [ "$shape" = memoryview ]; then
    mkdir -p "$work/big"
    head -c $((4 * 1024 * 1024)) /dev/zero >"$work/big/huge.bin"
    c0="$(counters)"
    rc=0; out="$("$tool" deploy "$work/big" --port "$pty" --no-mpy-cross 2>&1)" || rc=$?
    [ $rc = 1 ] && grep -q "nothing was written" <<<"$out" && [ "$(counters)" = "$c0" ] \
      || fail "$shape: an image larger than the partition: exit $rc: $out"
    rm -rf "$work/big"
    # No such partition.
    rc=0; out="$("$tool" deploy "$work/app.romfs" --port "$pty" --partition 3 2>&1)" || rc=$?
    [ $rc = 1 ] && grep -q "no ROMFS partition 3" <<<"$out" || fail "$shape: partition 3: exit $rc: $out"
  fi

  # What mpremote deploys, romfs query and pull see.
  "$tool" build "$app" -o "$work/by-mpremote.romfs" -q --no-mpy-cross
  mpr romfs deploy "$work/by-mpremote.romfs" >/dev/null 2>&1 || fail "$shape: mpremote deploy failed"
  q="$("$tool" query --port "$pty" --json)"
  grep -q "\"image_size\": $(stat -c %s "$work/by-mpremote.romfs")," <<<"$q" || fail "$shape: query after mpremote's deploy: $q"
  "$tool" pull --port "$pty" -o "$work/pulled.romfs" >/dev/null
  cmp -s "$work/pulled.romfs" "$work/by-mpremote.romfs" || fail "$shape: pull after mpremote's deploy differs"
  echo "qemu_devices: $shape: mpremote's deploy: romfs query and pull see it"
  stop_qemu
done

# A board without the deflate module: base64, as mpremote falls back.
boot_pty "$mp/ports/qemu/build-nodeflate/firmware.elf"
out="$("$tool" deploy "$work/app.romfs" --port "$pty" 2>&1)" || fail "no deflate: deploy failed: $out"
grep -q "sent as base64;" <<<"$out" || fail "no deflate: not sent as base64: $out"
[ "$(device_walk resume)" = "$(host_listing "$work/app.romfs")" ] || fail "no deflate: /rom differs"
echo "qemu_devices: no deflate on the board: $out"
stop_qemu

# One file for a flasher: the stock firmware (ELF) and the image in one
# Intel HEX; QEMU boots it alone (no -kernel) and imports from /rom. The
# HEX as firmware again is refused (it holds bytes in the ROM partition).
"$tool" flash-image "$work/app.romfs" --board MPS2_AN385 --firmware "$stock" -o "$work/combined.hex" >/dev/null \
  || fail "flash-image --firmware failed"
log="$work/combined.log"
qemu-system-arm -machine mps2-an385 -nographic -monitor null -semihosting -serial pty \
  -device loader,file="$work/combined.hex" >"$log" 2>&1 &
qemu_pid=$!
pty=""
for _ in $(seq 1 100); do pty="$(grep -o '/dev/pts/[0-9]*' "$log" | head -n 1 || true)"; [ -n "$pty" ] && break; sleep 0.1; done
imp="$(mpr exec "$imports" 2>&1 | tr -d '\r' | grep '^IMPORT' || true)"
[ "$imp" = "IMPORT 42 pkg 42 /rom/lib/compiled.mpy" ] || fail "the combined HEX booted to '$imp'"
echo "qemu_devices: combined HEX (firmware + image, $(stat -c %s "$work/combined.hex") bytes) boots alone: $imp"
stop_qemu
rc=0; out="$("$tool" flash-image "$work/app.romfs" --board MPS2_AN385 --firmware "$work/combined.hex" -o "$work/again.hex" 2>&1)" || rc=$?
[ $rc = 1 ] && grep -q "lie inside" <<<"$out" && [ ! -e "$work/again.hex" ] || fail "firmware inside the partition: exit $rc: $out"

# Usage errors: exit 2.
for args in "--port /dev/null --flash-dump x.bin" "" "--port socket://127.0.0.1:1" "--port /dev/null --board RPI_PICO"; do
  rc=0; "$tool" deploy "$work/app.romfs" $args >/dev/null 2>&1 || rc=$?
  [ $rc = 2 ] || fail "deploy $args: exit $rc, not 2"
done

[ $status = 0 ] && echo "qemu_devices: every device check passed"
exit $status
