"""A method found on the mixin that comes first in the bases."""


class Mixin:
    def hello(self):
        pass


class Base:
    def hello(self):
        pass


class View(Mixin, Base):
    pass


View().hello()
