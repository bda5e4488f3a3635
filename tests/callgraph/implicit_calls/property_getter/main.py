"""Reading a property calls its getter."""


class Order:
    @property
    def total(self):
        return self.compute()

    def compute(self):
        return 1


Order().total
