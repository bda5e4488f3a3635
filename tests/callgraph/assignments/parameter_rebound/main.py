"""Negative: a parameter rebound before its use holds the new value, not what the callers pass."""


def passed():
    pass


def local():
    pass


def run(callback):
    callback = local
    callback()


run(passed)
