"""Negative: a binding below a call (and outside any loop) does not reach it: `action()` calls
`first` only, although `action` is bound to `second` afterwards."""


def first():
    pass


def second():
    pass


action = first
action()
action = second
