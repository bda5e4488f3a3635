"""`d[k] = v` calls `__setitem__`, `del d[k]` `__delitem__`, `-x` `__neg__`, also on a parameter."""


class Store:
    def __setitem__(self, key, value):
        pass

    def __delitem__(self, key):
        pass

    def __neg__(self):
        return self


def clear(store):
    del store["a"]
    -store


store = Store()
store["a"] = 1
clear(store)
