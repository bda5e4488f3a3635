"""`with` calls `__enter__` and `__exit__` (and the constructor)."""


class Transaction:
    def __init__(self):
        self.open = False

    def __enter__(self):
        self.open = True
        return self

    def __exit__(self, *exc):
        self.open = False


with Transaction():
    pass
