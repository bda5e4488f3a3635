"""A dict returned by a function keeps its values."""


def handler():
    pass


def routes():
    return {"/": handler}


routes()["/"]()
