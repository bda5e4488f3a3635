"""Negative: assigning `total` on a class whose `total` is a plain value (or a descriptor without
`__set__`) calls nothing; only the class holding the data descriptor runs its `__set__`."""


class Typed:
    def __set__(self, instance, value):
        pass


class ReadOnly:
    def __get__(self, instance, owner):
        return 0


class Order:
    total = Typed()


class Draft:
    total = 0


class Cached:
    total = ReadOnly()


Draft().total = 5
Cached().total = 5
