/* MicroPython's configuration for the example: the embed port's common
 * settings, romfs's (imports and .mpy through romfs, bytecode in place),
 * and what the example's scripts use. */
#include <port/mpconfigport_common.h>
#include <romfs/micropython/mpconfig_romfs.h>

#define MICROPY_CONFIG_ROM_LEVEL (MICROPY_CONFIG_ROM_LEVEL_CORE_FEATURES)
#define MICROPY_ENABLE_COMPILER (1)
#define MICROPY_ENABLE_GC (1)
#define MICROPY_PY_GC (1)
#define MICROPY_PY_SYS_EXIT (1)
#define MICROPY_PY_SYS_PLATFORM "mps2-an385"
#define MICROPY_MODULE___FILE__ (1)
#define MICROPY_ENABLE_SOURCE_LINE (1)
#define MICROPY_ERROR_REPORTING (MICROPY_ERROR_REPORTING_DETAILED)
#define MICROPY_ALLOC_PATH_MAX (128)
#define MICROPY_STACK_CHECK (1) /* runaway recursion is a RecursionError, not a fault */
#define MICROPY_HW_BOARD_NAME "mps2-an385"
#define MICROPY_HW_MCU_NAME "Cortex-M3"
#define MICROPY_PY_IO (0) /* no open(): there is no VFS */
