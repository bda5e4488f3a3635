"""`dict[str, Handler]`: a value looked up in the mapping is a handler."""


class Handler:
    def handle(self):
        pass


def dispatch(handlers: dict[str, Handler], name: str):
    handlers[name].handle()


def run(handlers):
    dispatch(handlers, "x")
