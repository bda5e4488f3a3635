"""The returned function is called by the caller."""


def task():
    pass


def pick():
    return task


job = pick()
job()
