"""A factory returns its nested function, which the caller then calls."""


def make():
    def inner():
        pass
    return inner


make()()
