"""Negative: unpacking a returned tuple; only the second element is called."""


def load():
    pass


def save():
    pass


def pair():
    return load, save


_, store = pair()
store()
