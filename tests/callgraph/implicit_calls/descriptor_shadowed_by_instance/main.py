"""Negative: `self.value` set on the instance hides a descriptor with `__get__` only; `__get__` never runs."""


class Lazy:
    def __get__(self, instance, owner):
        return compute()


def compute():
    pass


class Model:
    value = Lazy()

    def __init__(self):
        self.value = 1


Model().value
