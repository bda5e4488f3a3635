"""Negative: a nested function that binds the same name as the outer parameter has its own
local; the outer parameter still holds only what its callers pass (`Real`), not `Other`."""


class Real:
    def go(self):
        return 1


class Other:
    def go(self):
        return 2


def run(handler):
    def inner():
        handler = Other()
        handler.go()

    handler.go()
    inner()


run(Real())
