"""A parameter returned unchanged: the argument flows back to the caller."""


def identity(x):
    return x


def ping():
    pass


identity(ping)()
