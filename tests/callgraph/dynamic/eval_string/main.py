"""Code run by `eval` calls a module function; the edge belongs to the code that called eval."""


def compute():
    return 2


eval("compute()")
