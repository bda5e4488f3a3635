"""Negative: a constant index selects one element; the other element is never called."""


def a():
    pass


def b():
    pass


funcs = [a, b]
funcs[1]()
