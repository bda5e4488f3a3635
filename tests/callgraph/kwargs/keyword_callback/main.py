"""A function passed by keyword is called by the callee."""


def run(callback):
    callback()


def done():
    pass


run(callback=done)
