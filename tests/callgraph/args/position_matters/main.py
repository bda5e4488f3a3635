"""Negative: only the second argument is called; the first one is never called by `run`."""


def run(first, second):
    second()
    return first


def a():
    pass


def b():
    pass


run(a, b)
