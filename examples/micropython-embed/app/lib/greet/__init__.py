# A package in ROMFS: lib/greet/__init__.py, with a submodule.
from greet import words


def hello(name):
    return words.HELLO + ", " + name + "!"
