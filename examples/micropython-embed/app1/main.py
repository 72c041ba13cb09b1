# The fallback application in ROMFS part1 (/rom1): booted when part0 has no
# main.py or does not mount.
import sys

print("main.py: part1 (fallback)")
print("sys.path:", sys.path)
import which

print("which:", which.WHERE, "from", which.__file__)
