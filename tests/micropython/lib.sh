# Shell helpers shared by the tests against MicroPython's qemu port (sourced).
# Needs: $tool (the romfs command), $mp (the built MicroPython copy), $work.

# Boots firmware $1 with image $2 (optional) in the ROM partition and the
# REPL on a pseudo-terminal: sets $pty and $qemu_pid.
qemu_pid=""
boot_pty() {
  local fw="$1" image="${2:-}" log="$work/qemu.$$.log"
  local load=()
  [ -n "$image" ] && load=(-device loader,file="$image",addr=0x21000000,force-raw=on)
  : >"$log"
  qemu-system-arm -machine mps2-an385 -nographic -monitor null -semihosting -serial pty \
    -kernel "$fw" "${load[@]}" >"$log" 2>&1 &
  qemu_pid=$!
  pty=""
  for _ in $(seq 1 100); do
    pty="$(grep -o '/dev/pts/[0-9]*' "$log" | head -n 1 || true)"
    [ -n "$pty" ] && break
    sleep 0.1
  done
  [ -n "$pty" ] || { echo "QEMU gave no pseudo-terminal"; cat "$log"; return 1; }
}
stop_qemu() { kill "$qemu_pid" 2>/dev/null || true; wait "$qemu_pid" 2>/dev/null || true; }

# The real mpremote (source in MicroPython's tree, Debian's pyserial).
have_mpremote() { /usr/bin/python3 -c 'import serial' 2>/dev/null && [ -d "$mp/tools/mpremote/mpremote" ]; }
mpr() { PYTHONPATH="$mp/tools/mpremote" timeout 120 /usr/bin/python3 -m mpremote connect "$pty" "$@"; }

# On the device: every entry under /rom (D path, or F path size sha256), in
# image order, or NOROM when nothing is mounted there.
walk_script='import os, hashlib, binascii
def walk(d):
    for e in os.ilistdir(d):
        p = d + "/" + e[0]
        if e[1] == 0x4000:
            print("D", p)
            walk(p)
        else:
            h = hashlib.sha256()
            n = 0
            with open(p, "rb") as f:
                while True:
                    b = f.read(512)
                    if not b:
                        break
                    n += len(b)
                    h.update(b)
            print("F", p, n, binascii.hexlify(h.digest()).decode())
try:
    os.stat("/rom")
    walk("/rom")
except OSError:
    print("NOROM")'

# What the board shows at /rom through mpremote ($1: extra mpremote words
# before exec, e.g. "resume" for no soft reset).
device_walk() { mpr ${1:-} exec "$walk_script" 2>&1 | tr -d '\r' | grep -aE '^(D|F|NOROM)( |$)' || true; }

# The same listing from romfs on the host.
host_listing() {
  local image="$1"
  "$tool" ls -lR "$image" | while read -r type size _offset _align path; do
    [ "$path" = "/" ] && continue
    if [ "$type" = d ]; then
      echo "D /rom${path%/}"
    else
      echo "F /rom$path $size $("$tool" cat "$image" "$path" | sha256sum | cut -d' ' -f1)"
    fi
  done
}
