"""An instance stored on `self` and called: `__call__` of its class."""


class Hook:
    def __call__(self):
        pass


class Form:
    def __init__(self):
        self.on_save = Hook()

    def save(self):
        self.on_save()


Form().save()
