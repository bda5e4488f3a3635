"""Iterating an object calls `__iter__` and then `__next__` on the iterator."""


class Countdown:
    def __init__(self):
        self.n = 2

    def __iter__(self):
        return self

    def __next__(self):
        if not self.n:
            raise StopIteration
        self.n -= 1
        return self.n


for _ in Countdown():
    pass
