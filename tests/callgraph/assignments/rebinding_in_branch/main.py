"""A rebinding in one branch of an `if` leaves the earlier value for the lines after the `if`,
while inside the branch it replaces it."""


def first():
    pass


def second():
    pass


def run(flag):
    action = first
    if flag:
        action = second
        action()
    action()


run(True)
run(False)
