"""In a diamond, `super()` follows the MRO: Left's super is Right, not Base."""


class Base:
    def m(self):
        pass


class Left(Base):
    def m(self):
        super().m()


class Right(Base):
    def m(self):
        super().m()


class Bottom(Left, Right):
    pass


Bottom().m()
