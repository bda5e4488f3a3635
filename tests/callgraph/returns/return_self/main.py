"""`return self` keeps the receiver's class, so chained calls resolve."""


class Query:
    def filter(self):
        return self

    def first(self):
        pass


Query().filter().first()
