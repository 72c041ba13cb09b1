#!/usr/bin/env bash
# romfs deploy --port against mpremote romfs deploy on the writable qemu
# board (tests/micropython/board), for a micropython-lib image: first
# deploy (onto an empty partition), unchanged redeploy, one file changed.
# Bytes on the wire each way are counted by a TCP proxy in front of QEMU's
# serial (both clients use socket://); erases and writes by the board's own
# counters (rom_ioctl(100)); the time at 115200 baud is what those bytes
# take on a real UART (10 bits a byte).
#
#   deploy_vs_mpremote.sh TOOL MICROPYTHON_BUILD MICROPYTHON_LIB WORK_DIR
set -euo pipefail
tool="${1:?usage: deploy_vs_mpremote.sh TOOL MICROPYTHON_BUILD MICROPYTHON_LIB WORK_DIR}"
build="${2:?}"; mplib="${3:?}"; work="${4:?}"
mp="$build/micropython"
fw="$mp/ports/qemu/build-memoryview/firmware.elf"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mkdir -p "$work"
src="$work/lib"
rm -rf "$src" && cp -r "$mplib/python-stdlib" "$src"
"$tool" build "$src" -o "$work/a.romfs" -q --no-mpy-cross --exclude 'test_*' --exclude 'unittest*'
printf '\n# changed\n' >>"$src/random/random.py"
"$tool" build "$src" -o "$work/b.romfs" -q --no-mpy-cross --exclude 'test_*' --exclude 'unittest*'
echo "image: micropython-lib python-stdlib, $(stat -c %s "$work/a.romfs") bytes; one file changed: random/random.py"

base=$(( 30000 + ($$ % 10000) ))
qport=$base; pport=$((base + 1))
counts="$work/counts"
run_client() { # CLIENT IMAGE -> "sent received seconds erases writes"
  local client="$1" image="$2" c0 c1 start end line
  c0="$(counter)"
  : >"$counts"
  start=$(date +%s.%N)
  if [ "$client" = romfs ]; then
    "$tool" deploy "$image" --port "socket://127.0.0.1:$pport" -q
  else
    PYTHONPATH="$mp/tools/mpremote" /usr/bin/python3 -m mpremote connect "socket://127.0.0.1:$pport" \
      romfs deploy "$image" >/dev/null
  fi
  end=$(date +%s.%N)
  for _ in $(seq 50); do [ -s "$counts" ] && break; sleep 0.1; done
  line="$(tail -n 1 "$counts")"
  c1="$(counter)"
  echo "$line $(echo "$end - $start" | bc) $(( ${c1% *} - ${c0% *} )) $(( ${c1#* } - ${c0#* } ))"
}
counter() { # the board's "erases writes", over the proxy too (not counted)
  PYTHONPATH="$mp/tools/mpremote" /usr/bin/python3 -m mpremote connect "socket://127.0.0.1:$pport" resume \
    exec 'import vfs; print("C", *vfs.rom_ioctl(100))' 2>/dev/null | tr -d '\r' | sed -n 's/^C //p'
}

printf '%-9s %-22s %10s %9s %8s %7s %7s %12s\n' client case sent received seconds erases writes "at 115200"
declare -A total
for client in romfs mpremote; do
  qemu-system-arm -machine mps2-an385 -nographic -monitor null -semihosting \
    -serial "tcp:127.0.0.1:$qport,server=on,wait=on" -kernel "$fw" >"$work/qemu.log" 2>&1 &
  qemu=$!
  sleep 0.5
  /usr/bin/python3 "$here/wire_proxy.py" "$pport" "$qport" "$counts" &
  proxy=$!
  sleep 1
  for case in first:a unchanged:a one-file:b; do
    r="$(run_client "$client" "$work/${case#*:}.romfs")"
    read -r s rcv secs er wr <<<"$r"
    total[$client:${case%:*}]="$((s + rcv)) $secs"
    printf '%-9s %-22s %10d %9d %8.1f %7d %7d %11.1fs\n' "$client" "${case%:*}" "$s" "$rcv" "$secs" "$er" "$wr" \
      "$(echo "($s + $rcv) * 10 / 115200" | bc -l)"
  done
  kill "$proxy" "$qemu" 2>/dev/null || true
  wait "$proxy" "$qemu" 2>/dev/null || true
done
echo
echo "romfs / mpremote, bytes on the wire (both ways) and time:"
for case in first unchanged one-file; do
  read -r rb rt <<<"${total[romfs:$case]}"
  read -r mb mt <<<"${total[mpremote:$case]}"
  printf '  %-10s bytes %.3fx   time %.3fx\n' "$case" "$(echo "$rb / $mb" | bc -l)" "$(echo "$rt / $mt" | bc -l)"
done
