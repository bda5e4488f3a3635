"""A function passed positionally is called by the callee: the edge belongs to the callee."""


def apply(fn):
    return fn()


def hello():
    return "hi"


apply(hello)
