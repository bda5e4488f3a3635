"""`str(obj)` calls `__str__`."""


class Money:
    def __str__(self):
        return "1 EUR"


str(Money())
