"""`X()` calls `__new__` and then `__init__`."""


class Singleton:
    def __new__(cls):
        return super().__new__(cls)

    def __init__(self):
        self.ready = True


Singleton()
