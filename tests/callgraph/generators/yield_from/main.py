"""`yield from inner()` calls the inner generator."""


def inner():
    yield 1


def outer():
    yield from inner()


list(outer())
