"""`dict[str, Handler]`: a value looked up in the mapping is a handler (the mapping itself comes
from a library call, so only the annotation says what it holds)."""
import copy


class Handler:
    def handle(self):
        pass


def dispatch(handlers: dict[str, Handler], name: str):
    handlers[name].handle()


def run(handlers):
    dispatch(handlers, "x")


run(copy.copy({"x": Handler()}))
