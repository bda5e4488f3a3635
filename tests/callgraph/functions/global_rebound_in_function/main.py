"""A `global` statement rebinds the module name that a later call reads."""


def slow():
    pass


def fast():
    pass


mode = slow


def configure():
    global mode
    mode = fast


configure()
mode()
