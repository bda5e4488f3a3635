"""`-> tuple[User, bool]`: the annotation gives each position its type, whatever the body returns."""
import copy


class User:
    def activate(self):
        pass


def lookup(store, key) -> tuple[User, bool]:
    return copy.copy(store[key])


def run(store):
    user, created = lookup(store, 1)
    user.activate()


run({1: (User(), True)})
