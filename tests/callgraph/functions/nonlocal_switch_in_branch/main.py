"""A closure that rebinds `current` is called on one branch only: the later call may call the
old value or the new one (both runs happen below)."""


def first():
    pass


def second():
    pass


def run(flag):
    current = first

    def switch():
        nonlocal current
        current = second

    if flag:
        switch()
    current()


run(True)
run(False)
