"""Negative: the value of `a + b` is what `__add__` returns: a `Total` (also through a function that
returns the sum), so `.show()` runs `Total.show`, never `Money.show`."""


class Total:
    def show(self):
        pass


class Money:
    def __add__(self, other):
        return Total()

    def show(self):
        pass


def combine(a, b):
    return a + b


price = Money()
total = price + Money()
total.show()
combine(price, price).show()
