"""A starred target collects the middle values; the first target keeps the first."""


def head():
    pass


def mid1():
    pass


def mid2():
    pass


first, *rest = head, mid1, mid2
first()
for fn in rest:
    fn()
