"""Lambdas numbered in source order; the first lambda's call site is an edge even though only
the second lambda is looked up and run."""


def add():
    pass


def remove():
    pass


ops = {
    "add": lambda: add(),
    "remove": lambda: remove(),
}
ops["remove"]()
