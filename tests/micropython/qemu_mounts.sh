#!/usr/bin/env bash
# MicroPython itself mounts the images romfs builds: the qemu port
# (MPS2-AN385, the ROM partition at 0x21000000 as /rom) is built from
# ../shared/third_party/micropython and booted in QEMU with each image. On
# the device, a script walks /rom (names, kinds, sizes, SHA-256 of every
# file, in image order) and imports code from /rom/lib; the result must be
# what `romfs ls -lR` and `romfs cat` say on the host. Variants: default
# options; --align, --dedup and --hash; .py compiled to .mpy by MicroPython's
# own mpy-cross; and a corrupt image, which neither mounts nor verifies.
# Then `romfs query --port` over the booted board's raw REPL, beside
# mpremote's own `romfs query` when it can run (python3-serial).
#
#   qemu_mounts.sh TOOL MICROPYTHON_BUILD WORK_DIR
# (MICROPYTHON_BUILD: what tests/micropython/build.sh made)
set -euo pipefail
tool="${1:?usage: qemu_mounts.sh TOOL MICROPYTHON_BUILD WORK_DIR}"
build="${2:?usage: qemu_mounts.sh TOOL MICROPYTHON_BUILD WORK_DIR}"
work="${3:?usage: qemu_mounts.sh TOOL MICROPYTHON_BUILD WORK_DIR}"
mkdir -p "$work"
mp="$build/micropython"
fw="$mp/ports/qemu/build-MPS2_AN385/firmware.elf"
mpy_cross="$mp/mpy-cross/build/mpy-cross"
[ -f "$fw" ] && [ -x "$mpy_cross" ] || { echo "qemu_mounts: MicroPython is not built in $build"; exit 1; }
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
trap stop_qemu EXIT

# The application: code in lib/ (a module and a package), binary data with
# every byte value, a duplicate (for --dedup) and an empty file.
app="$work/app"
rm -rf "$app"
mkdir -p "$app/lib/pkg" "$app/data/deeper"
printf 'X = 42\n' >"$app/lib/greet.py"
printf 'def f():\n    return "pkg"\n' >"$app/lib/pkg/__init__.py"
printf 'import greet\n' >"$app/main.py"
for i in $(seq 0 255); do printf "\\$(printf %03o "$i")"; done >"$app/data/bytes.bin"
cp "$app/data/bytes.bin" "$app/data/deeper/copy.bin"
: >"$app/data/empty"

# What the device prints for an image: D/F lines, IMPORT, DONE (or NOROM).
device_listing() {
  local image="$1" out="$2"
  local script="$walk_script
try:
    import greet, pkg
    print(\"IMPORT\", greet.X, pkg.f())
except ImportError:
    pass
print(\"DONE\")"
  : >"$out"
  local fifo="$work/stdin.fifo"
  rm -f "$fifo" && mkfifo "$fifo"
  timeout 60 qemu-system-arm -machine mps2-an385 -nographic -monitor null -semihosting \
    -serial mon:stdio -kernel "$fw" -device loader,file="$image",addr=0x21000000,force-raw=on \
    <"$fifo" >"$out" 2>&1 &
  local qemu=$!
  exec 3>"$fifo"
  # The REPL's banner, then the script in paste mode (Ctrl-E ... Ctrl-D).
  for _ in $(seq 1 100); do grep -aq '>>> ' "$out" && break; sleep 0.1; done
  printf '\x05' >&3
  printf '%s\n' "$script" | sed 's/$/\r/' | tr -d '\n' >&3
  printf '\x04' >&3
  for _ in $(seq 1 300); do grep -aq '^DONE' "$out" && break; sleep 0.1; done
  kill "$qemu" 2>/dev/null || true
  wait "$qemu" 2>/dev/null || true
  exec 3>&-
  rm -f "$fifo"
  tr -d '\r' <"$out" | grep -aE '^(D|F|IMPORT|NOROM|DONE)( |$)' || true
}

# What the host says of the same image (lib.sh's listing), and the import.
host_expected() {
  host_listing "$1"
  echo "IMPORT 42 pkg"
  echo "DONE"
}

status=0
check() {
  local name="$1"; shift
  local image="$work/$name.romfs"
  "$tool" build "$app" -o "$image" -q "$@"
  local device host
  device="$(device_listing "$image" "$work/$name.out")"
  host="$(host_expected "$image")"
  if [ "$device" != "$host" ]; then
    echo "qemu_mounts: $name: MicroPython sees the image differently from romfs"
    diff <(echo "$host") <(echo "$device") || true
    tail -n 20 "$work/$name.out"
    status=1
  else
    echo "qemu_mounts: $name: MicroPython mounts it and reads $(echo "$device" | grep -c '^F') files as romfs does"
  fi
}
check default --no-mpy-cross
check options --no-mpy-cross --align 64 --align 256:*.bin --dedup --hash
check mpy --mpy-cross "$mpy_cross"
# The compiled variant really holds .mpy files.
if ! "$tool" ls -lR "$work/mpy.romfs" | grep -q 'greet.mpy'; then
  echo "qemu_mounts: mpy: no greet.mpy in the image"; status=1
fi

# A corrupt image (the filesystem kind's first byte changed): MicroPython
# does not mount it, and romfs verify refuses it.
cp "$work/default.romfs" "$work/corrupt.romfs"
printf '\x00' | dd of="$work/corrupt.romfs" bs=1 seek=0 conv=notrunc status=none
corrupt="$(device_listing "$work/corrupt.romfs" "$work/corrupt.out")"
if [ "$corrupt" != "$(printf 'NOROM\nDONE')" ]; then
  echo "qemu_mounts: corrupt: MicroPython printed '$corrupt'"; status=1
fi
if "$tool" verify -q "$work/corrupt.romfs" 2>/dev/null; then
  echo "qemu_mounts: corrupt: romfs verify accepted it"; status=1
fi
# romfs query --port over the raw REPL of the booted board (-serial pty), in
# text (every line mpremote's `romfs query` prints, when mpremote can run)
# and JSON, for an image with an integrity record, one whose payload no longer
# matches it, one without, and a partition with no image.
# No fixed wait for the banner: query and pull resend Ctrl-C/Ctrl-A until
# the board answers (a board still booting misses the first ones).
boot_image() { boot_pty "$fw" "$1" >/dev/null || pty=""; }
mpremote_ok=0
have_mpremote && mpremote_ok=1

query_case() {
  local name="$1" image="$2" expect_valid="$3" expect_integrity="$4"
  boot_image "$image"
  if [ -z "$pty" ]; then echo "qemu_mounts: query $name: QEMU gave no pseudo-terminal"; status=1; stop_qemu; return; fi
  local text json mp_text=""
  text="$("$tool" query --port "$pty" 2>&1)" || { echo "qemu_mounts: query $name failed: $text"; status=1; }
  json="$("$tool" query --port "$pty" --json 2>&1)" || { echo "qemu_mounts: query $name --json failed: $json"; status=1; }
  if [ $mpremote_ok = 1 ]; then
    mp_text="$(mpr romfs query 2>&1)" || true
  fi
  stop_qemu
  # Every line mpremote prints, romfs prints too.
  if [ $mpremote_ok = 1 ]; then
    while IFS= read -r line; do
      [ -z "$line" ] && continue
      if ! grep -qxF -- "$line" <<<"$text"; then
        echo "qemu_mounts: query $name: mpremote prints '$line', romfs query does not"; status=1
      fi
    done <<<"$mp_text"
  fi
  grep -q '"valid_image": '"$expect_valid" <<<"$json" || { echo "qemu_mounts: query $name: valid_image is not $expect_valid"; echo "$json"; status=1; }
  grep -q "$expect_integrity" <<<"$json" || { echo "qemu_mounts: query $name: no $expect_integrity"; echo "$json"; status=1; }
  if [ "$expect_valid" = true ]; then
    grep -q "\"image_size\": $(stat -c %s "$image")," <<<"$json" || { echo "qemu_mounts: query $name: wrong image_size"; echo "$json"; status=1; }
  fi
  echo "qemu_mounts: query $name: $(grep -c . <<<"$text") lines$([ $mpremote_ok = 1 ] && echo ", mpremote's included")"
}
"$tool" build "$app" -o "$work/hashed.romfs" -q --no-mpy-cross --hash
cp "$work/hashed.romfs" "$work/tampered.romfs"
# One byte of main.py's contents changed after hashing.
offset="$("$tool" ls -l "$work/hashed.romfs" /main.py | awk '{ print $3 }')"
at=$((offset))
printf 'X' | dd of="$work/tampered.romfs" bs=1 seek="$at" conv=notrunc status=none
query_case hashed "$work/hashed.romfs" true '"kind": "sha256",\?$'
query_case tampered "$work/tampered.romfs" true '"matches": false'
query_case plain "$work/default.romfs" true '"kind": "none"'
query_case corrupt "$work/corrupt.romfs" false '"kind": "none"'
# Hashed, and the hash matches: checked apart (the pattern above only finds the kind).
boot_image "$work/hashed.romfs"
"$tool" query --port "$pty" --json 2>/dev/null | grep -q '"matches": true' || { echo "qemu_mounts: query hashed: the hash does not match"; status=1; }
stop_qemu
# romfs pull: the partition's image back, byte for byte, also from an image
# whose own binascii.py and hashlib.py would shadow the built-in modules;
# a partition with no image is exit 1 and writes nothing.
shadow="$work/shadow-app"
rm -rf "$shadow" && cp -r "$app" "$shadow"
: >"$shadow/binascii.py"
: >"$shadow/hashlib.py"
"$tool" build "$shadow" -o "$work/shadow.romfs" -q --no-mpy-cross --hash
for name in hashed shadow; do
  boot_image "$work/$name.romfs"
  rm -f "$work/$name.pulled"
  "$tool" pull --port "$pty" -o "$work/$name.pulled" >/dev/null 2>"$work/$name.pull.err" || true
  if [ "$name" = shadow ]; then
    "$tool" query --port "$pty" --json 2>/dev/null | grep -q '"matches": true' \
      || { echo "qemu_mounts: query shadow: the integrity check did not run with the built-in hashlib"; status=1; }
  fi
  stop_qemu
  if cmp -s "$work/$name.pulled" "$work/$name.romfs"; then
    echo "qemu_mounts: pull $name: the image came back byte for byte"
  else
    echo "qemu_mounts: pull $name: the pulled image differs"; cat "$work/$name.pull.err"; status=1
  fi
done
boot_image "$work/corrupt.romfs"
rc=0; "$tool" pull --port "$pty" -o "$work/none.pulled" >/dev/null 2>&1 || rc=$?
stop_qemu
{ [ $rc = 1 ] && [ ! -e "$work/none.pulled" ]; } || { echo "qemu_mounts: pull of a partition with no image: exit $rc"; status=1; }

# socket://HOST:PORT, as mpremote takes it: QEMU's serial on TCP.
tcp_port=$(( 20000 + ($$ % 20000) ))
qemu-system-arm -machine mps2-an385 -nographic -monitor null -semihosting \
  -serial "tcp:127.0.0.1:$tcp_port,server=on,wait=off" \
  -kernel "$fw" -device loader,file="$work/hashed.romfs",addr=0x21000000,force-raw=on >"$work/tcp.log" 2>&1 &
qemu_pid=$!
sleep 1.5
"$tool" query --port "socket://127.0.0.1:$tcp_port" --json 2>"$work/tcp.err" | grep -q '"matches": true' \
  && echo "qemu_mounts: query over socket://127.0.0.1:$tcp_port" \
  || { echo "qemu_mounts: query over a socket failed"; cat "$work/tcp.err"; status=1; }
stop_qemu
rc=0; "$tool" query --port "socket://127.0.0.1:1" >/dev/null 2>&1 || rc=$?
[ $rc = 2 ] || { echo "qemu_mounts: query of a closed socket exited $rc, not 2"; status=1; }

# A port with nothing there: exit 2 with a message, no hang.
if "$tool" query --port /dev/null --timeout 2 >/dev/null 2>&1; then echo "qemu_mounts: query /dev/null succeeded"; status=1; fi
rc=0; "$tool" query --port /nonexistent/tty >/dev/null 2>&1 || rc=$?
[ $rc = 2 ] || { echo "qemu_mounts: query of a missing port exited $rc, not 2"; status=1; }

[ $status = 0 ] && echo "qemu_mounts: MicroPython and romfs agree on every image"
exit $status
