"""Negative: `update` adds the key "y"; reading "x" still gives only what "x" holds."""


def a():
    pass


def b():
    pass


handlers = {"x": a}
handlers.update({"y": b})
handlers["x"]()
