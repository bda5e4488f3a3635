"""A subclass without `__init__` runs its base's `__init__`."""


class Base:
    def __init__(self):
        self.ready = True


class Child(Base):
    pass


Child()
