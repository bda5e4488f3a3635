"""`f()()` calls what `f` returns."""


def target():
    pass


def get():
    return target


get()()
