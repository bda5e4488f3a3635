"""`handler or fallback`: the fallback when no handler is given, the handler otherwise."""


def fallback():
    pass


def special():
    pass


def pick(handler=None):
    return handler or fallback


pick()()
pick(special)()
