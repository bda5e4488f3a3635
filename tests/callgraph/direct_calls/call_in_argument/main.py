"""Calls nested in another call's arguments are edges of the same caller."""


def parse(x):
    return x


def load():
    return 1


def run():
    return parse(load())


run()
