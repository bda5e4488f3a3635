"""Negative: a class attribute holding an instance of a class without `__get__` is read, not called."""


class Plain:
    def compute(self):
        pass


class Model:
    value = Plain()


Model().value
