"""Negative: the subclass overrides `m`; the base version never runs."""


class Base:
    def m(self):
        pass


class Child(Base):
    def m(self):
        pass


Child().m()
