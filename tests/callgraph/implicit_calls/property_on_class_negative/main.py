"""Negative: reading a property on the class gives the property object, and a plain attribute of
the same name on another class runs nothing; neither getter is called."""


class Order:
    @property
    def total(self):
        return self.compute()

    def compute(self):
        return 1


class Invoice:
    def __init__(self):
        self.total = 0


descriptor = Order.total
invoice = Invoice()
amount = invoice.total
