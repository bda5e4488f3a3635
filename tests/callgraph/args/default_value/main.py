"""A parameter's default value is a function; no call site passes the argument."""


def helper():
    return 1


def run(fn=helper):
    return fn()


run()
