"""Negative: an operator looks its special method up in the class of the operand, so `Grid[0]`
on the class runs the metaclass's `__getitem__` (here `__class_getitem__`), not the method the
class defines for its instances, and `p + p` never asks `__getattr__`, which only answers for
attributes read by name."""


class Grid:
    def __getitem__(self, key):
        return key

    def __class_getitem__(cls, key):
        return cls


class Proxy:
    def __getattr__(self, name):
        return name

    def __add__(self, other):
        return self


Grid[0]
p = Proxy()
p + p
