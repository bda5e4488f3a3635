"""A nested function called by its enclosing function."""


def outer():
    def inner():
        pass
    inner()


outer()
