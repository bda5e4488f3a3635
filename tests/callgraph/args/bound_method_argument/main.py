"""A bound method passed as an argument is called with its receiver."""


class Counter:
    def bump(self):
        pass


def twice(fn):
    fn()
    fn()


twice(Counter().bump)
