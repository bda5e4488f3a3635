"""Negative: the lambda's parameter `cb` shadows the module's `cb`; the lambda calls `real`."""


def cb():
    pass


def real():
    pass


def apply(fn, arg):
    return fn(arg)


apply(lambda cb: cb(), real)
