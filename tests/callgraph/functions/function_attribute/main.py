"""A function stored as an attribute of another function."""


def task():
    pass


def on_done():
    pass


task.callback = on_done
task.callback()
