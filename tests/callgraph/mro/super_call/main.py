"""`super().m()` calls the base class's method."""


class Base:
    def m(self):
        pass


class Child(Base):
    def m(self):
        super().m()


Child().m()
