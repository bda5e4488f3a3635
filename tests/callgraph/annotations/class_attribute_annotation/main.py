"""A class-level annotation `store: Store`, with the value set in `__init__`."""


class Store:
    def put(self):
        pass


class Cart:
    store: Store

    def __init__(self, store):
        self.store = store

    def add(self):
        self.store.put()


Cart(Store()).add()
