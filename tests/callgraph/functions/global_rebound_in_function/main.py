"""Negative: a `global` statement rebinds the name before the call; `slow` is never called."""


def slow():
    pass


def fast():
    pass


mode = slow


def configure():
    global mode
    mode = fast


configure()
mode()
