"""A generator yields functions that the loop calls."""


def step_one():
    pass


def step_two():
    pass


def steps():
    yield step_one
    yield step_two


for step in steps():
    step()
