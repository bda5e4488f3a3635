"""`cls.build()` in an inherited classmethod runs the subclass's override."""


class Base:
    @classmethod
    def create(cls):
        return cls.build()

    @classmethod
    def build(cls):
        pass


class Child(Base):
    @classmethod
    def build(cls):
        pass


Child.create()
