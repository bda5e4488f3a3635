"""Calling a generator function is an edge; its items are used by another call."""


def numbers():
    yield 1
    yield 2


def use(n):
    return n


for n in numbers():
    use(n)
