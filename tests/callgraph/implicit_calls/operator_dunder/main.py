"""`a + b` calls `__add__`; `a == b` calls `__eq__`."""


class Money:
    def __add__(self, other):
        return self

    def __eq__(self, other):
        return True


a = Money()
a + a
a == a
