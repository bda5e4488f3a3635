"""A decorator runs at definition; calling the function runs the wrapper, which calls it."""


def logged(fn):
    def wrapper():
        return fn()
    return wrapper


@logged
def work():
    pass


work()
