"""`nonlocal` rebinds the enclosing variable the later call reads."""


def first():
    pass


def second():
    pass


def run():
    current = first

    def switch():
        nonlocal current
        current = second

    switch()
    current()


run()
