"""A list returned by a function keeps its elements."""


def handler():
    pass


def handlers():
    return [handler]


for h in handlers():
    h()
