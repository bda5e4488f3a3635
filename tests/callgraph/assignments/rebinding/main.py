"""Negative: the name is rebound before the call; the first function is never called."""


def old():
    pass


def new():
    pass


handler = old
handler = new
handler()
