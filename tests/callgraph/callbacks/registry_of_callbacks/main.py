"""Callbacks registered in a list are called by the function that fires them."""

LISTENERS = []


def subscribe(fn):
    LISTENERS.append(fn)


def fire():
    for listener in LISTENERS:
        listener()


def audit():
    pass


def cache_bust():
    pass


subscribe(audit)
subscribe(cache_bust)
fire()
