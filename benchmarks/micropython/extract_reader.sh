#!/usr/bin/env bash
# Extracts MicroPython's ROMFS reader (the record, search and listing
# functions and the mount check of extmod/vfs_rom.c) into one C file that
# compiles on a host against mp_shim.h, followed by our API (mp_reader_api.inc).
# Nothing of MicroPython is kept in this repository: the file is generated in
# the build tree from ../shared/third_party/micropython at build time.
#   extract_reader.sh VFS_ROM_C OUTPUT_C
set -euo pipefail
src="${1:?usage: extract_reader.sh VFS_ROM_C OUTPUT_C}"
out="${2:?usage: extract_reader.sh VFS_ROM_C OUTPUT_C}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tmp="$out.tmp"
{
  echo "// Generated from $src by benchmarks/micropython/extract_reader.sh. Do not edit."
  echo '#include "mp_shim.h"'
  # The format's constants.
  grep -E '^#define ROMFS_' "$src"
  grep -E '^typedef mp_uint_t record_kind_t;' "$src"
  # Each piece from its first line to the closing brace at column 0.
  awk '
    function want(line) {
      return line ~ /^struct _mp_obj_vfs_rom_t \{/ ||
             line ~ /^static int mp_decode_uint_checked\(/ ||
             line ~ /^static record_kind_t extract_record\(/ ||
             line ~ /^static int extract_data\(/ ||
             line ~ /^mp_import_stat_t mp_vfs_rom_search_filesystem\(/ ||
             line ~ /^static mp_obj_t vfs_rom_make_new\(/ ||
             line ~ /^typedef struct _vfs_rom_ilistdir_it_t \{/ ||
             line ~ /^static mp_obj_t vfs_rom_ilistdir_it_iternext\(/
    }
    !copying && want($0) { copying = 1; found++ }
    copying { print }
    copying && /^\}/ { copying = 0; print "" }
    END { if (found != 8) { print "extract_reader: found " found " of 8 pieces" > "/dev/stderr"; exit 1 } }
  ' "$src"
  echo '#include "mp_reader_api.inc"'
} > "$tmp"
mv "$tmp" "$out"
