"""Assigning an attribute whose class attribute is a descriptor with `__set__` calls that
`__set__`."""


def validate(value):
    pass


class Typed:
    def __get__(self, instance, owner):
        return 0

    def __set__(self, instance, value):
        validate(value)


class Order:
    total = Typed()


order = Order()
order.total = 5
