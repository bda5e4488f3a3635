"""A value stored with `d[k] = f` after the dict was created."""


def late():
    pass


hooks = {}
hooks["late"] = late
hooks["late"]()
