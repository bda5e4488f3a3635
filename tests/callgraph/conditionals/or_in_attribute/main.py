"""Negative: `self.cb = cb or self.default`: the only instance passes `cb`."""


def custom():
    pass


class Button:
    def __init__(self, cb=None):
        self.cb = cb or self.default

    def default(self):
        pass

    def click(self):
        self.cb()


Button(custom).click()
