"""A lambda inside a function is still named `main.<lambdaN>` (numbered per module)."""


def first():
    pass


def second():
    pass


def run():
    pick = lambda: first()
    pick()
    later = lambda: second()
    later()


run()
