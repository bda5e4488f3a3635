"""A function returns a lambda; the caller calls it."""


def hook():
    pass


def make():
    return lambda: hook()


make()()
