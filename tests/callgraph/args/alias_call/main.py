"""A function called through another name it was assigned to (`runner = execute`): its parameter
receives what those calls pass, and its call of the parameter is an edge to it."""


def step():
    pass


def other():
    pass


def execute(fn):
    return fn()


def main_loop():
    runner = execute
    runner(step)


runner = other
main_loop()
