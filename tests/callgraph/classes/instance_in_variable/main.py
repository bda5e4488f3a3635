"""The receiver's class comes from an earlier assignment in the same function."""


class Cart:
    def total(self):
        pass


def checkout():
    cart = Cart()
    return cart.total()


checkout()
