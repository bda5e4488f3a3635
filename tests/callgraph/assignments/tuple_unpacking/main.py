"""Tuple assignment keeps positions: `b` is `second`."""


def first():
    pass


def second():
    pass


a, b = first, second
b()
