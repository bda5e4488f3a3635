"""`a = b = target` binds both names."""


def target():
    pass


a = b = target
a()
b()
