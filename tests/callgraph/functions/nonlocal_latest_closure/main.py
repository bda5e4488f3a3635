"""Negative: of two closures that rebind `current` after `nonlocal`, only the one called before
the use has run; the other is returned, never called here, so `third` is not called."""


def first():
    pass


def second():
    pass


def third():
    pass


def run():
    current = first

    def to_second():
        nonlocal current
        current = second

    def to_third():
        nonlocal current
        current = third

    to_second()
    current()
    return to_third


run()
