# The application, run from ROMFS after boot.py.
import greeting

greeting.hello("ROMFS")
