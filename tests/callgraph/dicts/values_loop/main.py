"""Looping over `.values()` calls every stored function."""


def one():
    pass


def two():
    pass


for fn in {"a": one, "b": two}.values():
    fn()
