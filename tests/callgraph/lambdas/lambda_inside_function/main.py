"""A lambda inside a function is named after its scope, `main.run.<lambdaN>` (numbered per scope, as in the PyCG benchmark)."""


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
