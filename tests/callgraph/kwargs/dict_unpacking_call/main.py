"""`run(**options)` passes the dict's values as keyword arguments."""


def run(handler):
    handler()


def save():
    pass


options = {"handler": save}
run(**options)
