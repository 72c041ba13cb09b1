# The application, from ROMFS part0 (/rom). Imports come from ROMFS first:
# a package under lib/, a module of part0 that part1 also has, and a module
# compiled to .mpy whose bytecode and constants stay in flash.
import gc
import sys

print("main.py: part0")
print("sys.path:", sys.path)

import greet

print(greet.hello("ROMFS"), "from", greet.__file__)

import which

print("which:", which.WHERE, "from", which.__file__)

gc.collect()
before = gc.mem_alloc()
import fastmath

gc.collect()
print("fastmath:", fastmath.checksum(1000), "from", fastmath.__file__)
print("fastmath import took", gc.mem_alloc() - before, "bytes of RAM")
print("fastmath.TABLE is in", romfs_where(fastmath.TABLE))
print("fastmath.NAME is in", romfs_where(fastmath.NAME))
