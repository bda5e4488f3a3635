"""`a if flag else b` is either function: both are called over the two calls."""


def fast():
    pass


def slow():
    pass


def run(flag):
    (fast if flag else slow)()


run(True)
run(False)
