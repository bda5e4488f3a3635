"""`raise New(...) from error` calls the new exception's `__init__`."""


class LookupFailed(Exception):
    def __init__(self, key):
        super().__init__(key)


def find(key):
    try:
        return {}[key]
    except KeyError as error:
        raise LookupFailed(key) from error


try:
    find("x")
except LookupFailed:
    pass
