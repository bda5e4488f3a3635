"""Reading a class attribute that holds a descriptor runs its class's `__get__`."""


class Lazy:
    def __get__(self, instance, owner):
        return compute()


def compute():
    pass


class Model:
    value = Lazy()


Model().value
