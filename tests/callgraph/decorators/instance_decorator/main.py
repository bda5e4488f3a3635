"""A decorator instance: `@traced("work")` builds a `traced` and calls its `__call__` with the
function; the name then holds the wrapper `__call__` returns, which logs and calls the function."""


class traced:
    def __init__(self, name):
        self.name = name

    def __call__(self, func):
        def wrapper(*args):
            log(self.name)
            return func(*args)

        return wrapper


def log(name):
    return name


@traced("work")
def work():
    return 1


work()
