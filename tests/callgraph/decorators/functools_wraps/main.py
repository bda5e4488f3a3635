"""`functools.wraps` is library code: no edge to it, the wrapper still calls the function."""
import functools


def timed(fn):
    @functools.wraps(fn)
    def wrapper(*args):
        return fn(*args)
    return wrapper


@timed
def add(a, b):
    return a + b


add(1, 2)
