"""`-> tuple[User, bool]`: the annotation gives each position its type, whatever the body returns."""


class User:
    def activate(self):
        pass


def lookup(store, key) -> tuple[User, bool]:
    return store.fetch(key)


def run(store):
    user, created = lookup(store, 1)
    user.activate()
