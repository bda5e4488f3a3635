"""The value a descriptor's `__get__` returns is what the attribute holds: calling the attribute
calls that function, not the descriptor's own `__call__`."""


def handler():
    pass


class Bound:
    def __get__(self, instance, owner):
        return handler

    def __call__(self):
        pass


class View:
    action = Bound()


View().action()
