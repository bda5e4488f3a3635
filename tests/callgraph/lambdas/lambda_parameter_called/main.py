"""A lambda bound to a name calls its parameter; the calls through that name pass functions
positionally and by keyword: the lambda's call of its parameter reaches each of them. Negative:
a second lambda given `compact` never calls it."""


def save():
    pass


def load():
    pass


def compact():
    pass


retry = lambda op, times=1: [op() for _ in range(times)]
ignore = lambda op: None

retry(save)
retry(op=load, times=2)
ignore(compact)
