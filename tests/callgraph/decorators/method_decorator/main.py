"""A decorated method: the class body's call of the decorator belongs to the module."""


def traced(fn):
    def wrapper(self):
        return fn(self)
    return wrapper


class Service:
    @traced
    def run(self):
        pass


Service().run()
