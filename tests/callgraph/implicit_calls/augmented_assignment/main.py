"""`x += y` calls `__iadd__`; a class without an in-place method falls back to `__add__`."""


class Counter:
    def __iadd__(self, other):
        return self

    def __add__(self, other):
        return self


class Total:
    def __add__(self, other):
        return self


counter = Counter()
counter += 1
total = Total()
total += 1
