"""A function looked up in `globals()` by a constant name."""


def handler():
    pass


globals()["handler"]()
