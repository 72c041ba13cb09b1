# Runs first, from ROMFS part0 (/rom).
print("boot.py: part0")
