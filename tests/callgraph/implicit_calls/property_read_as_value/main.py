"""Reading a property anywhere runs its getter: as an argument, in a test, on the right of an
assignment, in a return, through another property."""


class Cart:
    def __init__(self):
        self.items = [1, 2]

    @property
    def total(self):
        return self.sum_items()

    @property
    def summary(self):
        return self.total

    def sum_items(self):
        return sum(self.items)


def show(value):
    pass


def report(cart):
    show(cart.total)
    if cart.summary:
        amount = cart.total
        return amount
    return None


report(Cart())
