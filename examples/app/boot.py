# Runs first at start-up, from /rom.
import sys

sys.path.insert(0, "/rom/lib")
