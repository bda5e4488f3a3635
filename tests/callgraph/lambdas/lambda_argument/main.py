"""A lambda passed as an argument is called by the callee."""


def apply(fn):
    return fn(1)


def log(x):
    return x


apply(lambda x: log(x))
