"""Negative: the attribute exists, so `__getattr__` is not called."""


class Proxy:
    def __getattr__(self, name):
        raise AttributeError(name)

    def real(self):
        pass


Proxy().real()
