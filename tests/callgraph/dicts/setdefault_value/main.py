"""`setdefault` stores its default under a missing key and returns what the key holds."""


def a():
    pass


def b():
    pass


handlers = {}
handlers.setdefault("x", a)
handlers["x"]()
handlers.setdefault("y", b)()
