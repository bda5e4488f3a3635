"""Negative: the caller passes `a` and calls `b`; it never calls `a` itself."""


def run(cb):
    cb()


def a():
    pass


def b():
    pass


run(a)
b()
