#!/usr/bin/env bash
# The linked ELF, the linker's own answer. Usage: elf_check.sh ROMFS_TOOL FIRMWARE_ELF SOURCE_DIR WORK
# 1. The example firmware (microbit): the script view and the ELF view find
#    the same ROM partition, and both pass.
# (The example firmware's own build already ran romfs_check_elf on it.)
# 2. A firmware whose code runs into the ROM partition: its far text is
#    placed by address, 4K below the partition, and is 8K long. The scripts'
#    MEMORY regions and symbols look right (ld accepts the link), but the ELF
#    shows where the bytes went.
set -euo pipefail
tool="$1"; elf="$2"; src="$3"; work="$4"
rm -rf "$work" && mkdir -p "$work"
want="ROM partition 0: "
script_view="$("$tool" layout check "$src/examples/firmware/ld/microbit.ld" -L "$src/examples/firmware/ld" --family nrf51)"
elf_view="$("$tool" layout check --elf "$elf" --family nrf51)"
a="$(grep "^$want" <<<"$script_view" | sed 's/: [A-Za-z_0-9]* at/: at/')"
b="$(grep "^$want" <<<"$elf_view" | sed 's/: [A-Za-z_0-9]* at/: at/')"
echo "script: $a"; echo "elf:    $b"
[ -n "$a" ] && [ "$a" = "$b" ] || { echo "FAIL: the script and ELF views differ"; exit 1; }
grep -q "^layout OK" <<<"$elf_view" || { echo "FAIL: example ELF not OK"; echo "$elf_view"; exit 1; }

cat >"$work/bad.ld" <<'LD'
MEMORY { FLASH_TEXT (rx) : ORIGIN = 0x00000000, LENGTH = 0x2D000
         RAM (rwx) : ORIGIN = 0x20000000, LENGTH = 16K }
_micropy_hw_romfs_part0_start = 0x2D000;
_micropy_hw_romfs_part0_size = 12K;
SECTIONS {
  .text : { KEEP(*(.isr_vector)) *(.text*) } > FLASH_TEXT
  /* Placed by address, not by region: ld checks no region for it. */
  .text_far 0x2C000 : { KEEP(*(.far*)) }
}
LD
cat >"$work/bad.c" <<'C'
__attribute__((used, section(".far"))) void far_code(void) { __asm__ volatile(".space 8190"); }
void Reset_Handler(void) { for (;;) {} }
C
arm-none-eabi-gcc -mcpu=cortex-m0 -mthumb -nostdlib -Os "$work/bad.c" -T "$work/bad.ld" -o "$work/bad.elf"
set +e
"$tool" layout check "$work/bad.ld" --family nrf51 >"$work/script.out" 2>&1; src_rc=$?
"$tool" layout check --elf "$work/bad.elf" --family nrf51 >"$work/elf.out" 2>&1; elf_rc=$?
set -e
echo "script view: exit $src_rc; ELF view: exit $elf_rc"
[ $src_rc -eq 0 ] || { echo "FAIL: the MEMORY view was expected to see nothing wrong"; cat "$work/script.out"; exit 1; }
[ $elf_rc -eq 1 ] || { echo "FAIL: the ELF check missed the section in the ROM partition"; cat "$work/elf.out"; exit 1; }
grep -F "section .text_far [0x0002c000, 0x0002e000) lies in romfs partition romfs_part0 [0x0002d000, 0x00030000)" "$work/elf.out"

# 3. romfs_check_elf()'s build step on the same ELF: it fails with that
#    message and removes the ELF, so a bad firmware does not stay built.
set +e
cmake -DTOOL="$tool" -DELF="$work/bad.elf" "-DARGS=--family|nrf51" -P "$src/cmake/scripts/check_elf.cmake" >"$work/step.out" 2>&1
step_rc=$?
set -e
[ $step_rc -ne 0 ] || { echo "FAIL: the build step passed a bad ELF"; exit 1; }
grep -qF "lies in romfs partition romfs_part0" "$work/step.out" || { echo "FAIL: the build step lost the message"; cat "$work/step.out"; exit 1; }
[ ! -e "$work/bad.elf" ] || { echo "FAIL: the bad ELF was left in place"; exit 1; }
echo "build step: failed as it should, ELF removed"
echo "1 passed, 0 failed"
