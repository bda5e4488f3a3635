"""`for x in batch` with `batch` a parameter: the loop calls `__iter__` and `__next__` of the
instances the callers pass; iterating a class (an `Enum`-like registry) runs its metaclass's
method, not the class's own `__iter__`."""


class Pages:
    def __init__(self, size):
        self.size = size
        self.at = 0

    def __iter__(self):
        self.at = 0
        return self

    def __next__(self):
        if self.at >= self.size:
            raise StopIteration
        self.at += 1
        return self.at


class Meta(type):
    def __iter__(cls):
        return iter(())


class Registry(metaclass=Meta):
    def __iter__(self):
        return iter(())


def consume(batch):
    total = 0
    for page in batch:
        total += page
    return total


def listing():
    for entry in Registry:
        pass


consume(Pages(2))
listing()
