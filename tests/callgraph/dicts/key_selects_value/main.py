"""Negative: a constant key selects one value; the other value is never called."""


def read():
    pass


def write():
    pass


ops = {"read": read, "write": write}
ops["read"]()
