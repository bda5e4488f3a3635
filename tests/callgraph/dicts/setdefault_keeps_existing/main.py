"""Negative: `setdefault` leaves a key that is already there; "x" still holds `a`."""


def a():
    pass


def b():
    pass


handlers = {"x": a}
handlers.setdefault("x", b)
handlers["x"]()
