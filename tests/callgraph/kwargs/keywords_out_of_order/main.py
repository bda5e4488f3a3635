"""Negative: keywords bind by name, not position; only `second` is called."""


def run(first, second):
    second()
    return first


def a():
    pass


def b():
    pass


run(second=b, first=a)
