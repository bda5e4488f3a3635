"""A function returns one of two classes; the caller instantiates the result."""


class Local:
    def __init__(self):
        self.kind = "local"


class Remote:
    def __init__(self):
        self.kind = "remote"


def backend(remote):
    return Remote if remote else Local


backend(True)()
backend(False)()
