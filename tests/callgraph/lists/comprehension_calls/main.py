"""Calls inside a list comprehension belong to the enclosing scope."""


def clean(x):
    return x


def run(items):
    return [clean(i) for i in items]


run([1])
