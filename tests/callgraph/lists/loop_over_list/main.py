"""Looping over a list calls every element."""


def a():
    pass


def b():
    pass


for fn in [a, b]:
    fn()
