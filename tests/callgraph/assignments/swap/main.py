"""Negative: after the swap `a` holds `y`; `x` is never called."""


def x():
    pass


def y():
    pass


a, b = x, y
a, b = b, a
a()
