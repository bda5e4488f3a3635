"""A lambda bound to a name: calls inside it are edges of the lambda."""


def work():
    pass


run = lambda: work()
run()
