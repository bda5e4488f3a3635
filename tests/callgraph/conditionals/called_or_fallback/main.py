"""`(hook or default_hook)(message)` calls either alternative, and the argument reaches both."""


def log(message):
    pass


def default_hook(message):
    log(message)


def custom_hook(message):
    pass


def emit(hook=None):
    (hook or default_hook)("saved")


emit()
emit(custom_hook)
