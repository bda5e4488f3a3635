"""Negative: the decorator returns another function; calling `original` never runs its body."""


def replacement():
    pass


def swap(fn):
    return replacement


@swap
def original():
    pass


original()
