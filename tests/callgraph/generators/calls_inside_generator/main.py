"""Calls in a generator's body are edges of the generator."""


def fetch(i):
    return i


def pages():
    for i in range(2):
        yield fetch(i)


list(pages())
