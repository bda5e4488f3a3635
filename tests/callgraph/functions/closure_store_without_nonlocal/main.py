"""Negative: without `nonlocal` the closure's store binds its own local; `current` stays `first`."""


def first():
    pass


def second():
    pass


def run():
    current = first

    def switch():
        current = second
        return current

    switch()
    current()


run()
