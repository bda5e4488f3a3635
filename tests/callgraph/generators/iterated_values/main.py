"""The loop variable of `for step in plan` is what the iterator's `__next__` returns: here
functions, which the body calls."""


def prepare():
    pass


def ship():
    pass


class Plan:
    def __init__(self):
        self.steps = [prepare, ship]
        self.i = 0

    def __iter__(self):
        return self

    def __next__(self):
        if self.i == 2:
            raise StopIteration
        self.i += 1
        return prepare if self.i == 1 else ship


plan = Plan()
for step in plan:
    step()
