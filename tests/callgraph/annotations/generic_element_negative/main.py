"""Negative: `dict[Key, Handler]` values are handlers; the key type's method is not what runs."""
import copy


class Key:
    def handle(self):
        pass


class Handler:
    def handle(self):
        pass


def first(handlers: dict[Key, Handler]):
    for value in handlers.values():
        value.handle()


def run(handlers):
    first(handlers)


run(copy.copy({Key(): Handler()}))
