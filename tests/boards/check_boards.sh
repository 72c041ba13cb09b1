#!/usr/bin/env bash
# Checks every row of a board table (micropython/boards.txt,
# ecosystems/boards.txt): `romfs layout check` run in the row's folder under
# BASE (as ld is run there) with the row's arguments must exit 0, print the
# row's ROM partition line and "layout OK"; where arm-none-eabi-ld is
# installed, GNU ld links the same scripts in the same order and must put the
# ROMFS symbols where romfs found them. Prints a table row per line; exits 1
# if any row fails. Usage: check_boards.sh ROMFS_TOOL BASE TABLE
set -uo pipefail
tool="$1"; base="$2"; table="$3"
if [ ! -d "$base" ]; then
  echo "SKIP: $base not found (for MicroPython's boards: ../shared is absent)"; exit 0
fi
ld="$(command -v arm-none-eabi-ld || true)"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
if [ -n "$ld" ]; then
  printf 'void Reset_Handler(void) {}\nconst int __Vectors[1] = {0};\n' >"$work/dummy.c"
  for lib in gcc c m nosys; do arm-none-eabi-ar rc "$work/lib$lib.a" 2>/dev/null; done # GROUP(-lgcc ...) finds these
  arm-none-eabi-gcc -c -mthumb -mcpu=cortex-m4 "$work/dummy.c" -o "$work/dummy.o" 2>/dev/null || ld=""
fi

# The same link done by GNU ld itself (arm-none-eabi-ld, on an empty
# program): the value it gives _micropy_hw_romfs_partN_start and _size must
# be what romfs found. Prints "ld agrees", "ld: n/a (why)" or a mismatch.
ld_check() {
  local port="$1" expect="$2"; shift 2
  [ -n "$ld" ] || { echo "ld: n/a (no arm-none-eabi-ld)"; return 0; }
  # First the preprocessor flags (they apply to every script), then the link
  # line in the row's order: ld reads -L, --defsym and -T where they stand.
  local cpp=0 defs=() incs=() a
  for a in "$@"; do
    case "$a" in --cpp) cpp=1;; -D*) defs+=("$a");; -I*) incs+=("$a");; *.csv) echo "ld: n/a (partition table)"; return 0;; esac
  done
  local line=() i=0
  while [ $# -gt 0 ]; do
    case "$1" in
      --cpp|-D*|-I*) ;;
      -L) line+=(-L "$2"); shift;;
      --defsym) line+=("--defsym=$2"); shift;;
      --family|--flash-size|--flash-base|--role) shift;;
      -*) ;;
      *)
        if [ $cpp -eq 1 ]; then
          (cd "$base/$port" && cc -E -P -x c "${defs[@]}" "${incs[@]}" "$1") >"$work/pp$i.ld" 2>/dev/null || { echo "ld: n/a (cpp failed)"; return 0; }
          line+=(-T "$work/pp$i.ld"); i=$((i + 1))
        else
          line+=(-T "$1")
        fi;;
    esac
    shift
  done
  if ! (cd "$base/$port" && "$ld" -o "$work/out.elf" -L "$work" "$work/dummy.o" "${line[@]}" >/dev/null 2>"$work/ld.err"); then
    echo "ld: n/a (ld: $(head -c 120 "$work/ld.err" | tr '\n' ' '))"; return 0
  fi
  local rom="${expect#*ROM partition }"; local n="${rom%%:*}"
  local start size
  start="$(arm-none-eabi-nm "$work/out.elf" | awk -v s="_micropy_hw_romfs_part${n}_start" '$3 == s { print $1 }')"
  size="$(arm-none-eabi-nm "$work/out.elf" | awk -v s="_micropy_hw_romfs_part${n}_size" '$3 == s { print $1 }')"
  [ -n "$start" ] || { echo "ld: n/a (no romfs symbols in this link)"; return 0; }
  local want_at="${rom#* at 0x}"; want_at="${want_at%%,*}"
  if [ "$((16#$start))" -ne "$((16#$want_at))" ]; then echo "ld DISAGREES: start 0x$start"; return 1; fi
  if [ -z "$size" ]; then echo "ld agrees (start 0x$start; the link defines no size symbol)"; return 0; fi
  # The size as romfs prints it (e.g. 256K, 1M, 12K or bytes).
  local want_size="${rom##*, }" bytes
  case "$want_size" in
    *K) bytes=$(( ${want_size%K} * 1024 ));; *M) bytes=$(( ${want_size%M} * 1048576 ));; *) bytes=$want_size;;
  esac
  if [ "$((16#$size))" -ne "$bytes" ]; then echo "ld DISAGREES: size 0x$size, romfs $want_size"; return 1; fi
  echo "ld agrees (start 0x$start, size 0x$size)"
}

pass=0; fail=0
while IFS= read -r line; do
  case "$line" in ''|'#'*) continue;; esac
  IFS='|' read -r boards port expect args <<<"$line"
  boards="$(echo "$boards" | xargs)"; port="$(echo "$port" | xargs)"; expect="$(echo "$expect" | xargs)"
  # shellcheck disable=SC2086
  out="$(cd "$base/$port" && "$tool" layout check $args 2>&1)"; rc=$?
  # shellcheck disable=SC2086
  ldsays="$(ld_check "$port" "$expect" $args)"; ldrc=$?
  # A row "problem: TEXT; ROM partition ..." is a board whose real link is
  # wrong: romfs must say so (exit 1) and still find the partition.
  if [[ "$expect" == problem:* ]]; then
    want_problem="${expect%%;*}"; want_problem="${want_problem#problem: }"; want_rom="${expect#*; }"
    if [ $rc -eq 1 ] && grep -qF "$want_problem" <<<"$out" && grep -qF "$want_rom" <<<"$out" && [ $ldrc -eq 0 ]; then
      pass=$((pass + 1)); echo "ok   | $port | $boards | $want_rom | ${want_problem} | $ldsays"; continue
    fi
  elif [ $rc -eq 0 ] && [ $ldrc -eq 0 ] && grep -qF "$expect" <<<"$out" && grep -q "^layout OK" <<<"$out"; then
    pass=$((pass + 1)); echo "ok   | $port | $boards | $expect | problems: none | $ldsays"; continue
  fi
  if false; then :
  else
    fail=$((fail + 1)); echo "FAIL | $port | $boards | expected '$expect', exit $rc | $ldsays"; echo "$out" | sed 's/^/       /'
  fi
done <"$table"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
