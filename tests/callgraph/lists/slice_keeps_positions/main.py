"""A slice with constant bounds keeps the elements between them, renumbered from 0: `rest[0]`
of `STEPS[2:]` is the third step. A slice with bounds it cannot read keeps every element.
Negative: `tail_step` and `middle_step` reach one step each."""


def first():
    pass


def second():
    pass


def third():
    pass


STEPS = (first, second, third)


def tail_step():
    rest = STEPS[2:]
    rest[0]()


def middle_step():
    middle = STEPS[1:2]
    middle[0]()


def any_step(n):
    for step in STEPS[n:]:
        step()


tail_step()
middle_step()
any_step(0)
