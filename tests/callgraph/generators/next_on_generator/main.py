"""`next(gen)` gives the first yielded value, here a function."""


def target():
    pass


def source():
    yield target


next(source())()
