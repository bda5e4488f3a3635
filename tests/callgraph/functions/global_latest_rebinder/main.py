"""Negative: two functions rebind the module's `handler` after `global`; at the top level only the
one called before the call has run, so `other` is not called."""


def slow():
    pass


def fast():
    pass


def other():
    pass


handler = slow


def use_fast():
    global handler
    handler = fast


def use_other():
    global handler
    handler = other


use_fast()
handler()
