"""A binding below a call inside a loop reaches the call on the next pass."""


def first():
    pass


def second():
    pass


def run():
    action = first
    for _ in range(2):
        action()
        action = second


run()
