"""Calls inside a generator expression belong to the enclosing scope."""


def square(x):
    return x * x


def total():
    return sum(square(x) for x in range(3))


total()
