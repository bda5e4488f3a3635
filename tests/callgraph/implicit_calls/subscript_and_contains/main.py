"""`obj[k]` calls `__getitem__`, `k in obj` calls `__contains__`."""


class Registry:
    def __getitem__(self, key):
        return key

    def __contains__(self, key):
        return True


registry = Registry()
registry["x"]
"x" in registry
