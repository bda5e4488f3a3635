"""`self.total = total` in `__init__` goes through the class's data descriptor: its `__set__` runs."""


def validate(value):
    pass


class Positive:
    def __set__(self, instance, value):
        validate(value)
        instance.__dict__["total"] = value

    def __get__(self, instance, owner):
        return instance.__dict__["total"]


class Order:
    total = Positive()

    def __init__(self, total):
        self.total = total


Order(3)
