"""`list[Handler]`: iterating the parameter gives handlers."""


class Handler:
    def handle(self):
        pass


def run_all(handlers: list[Handler]):
    for h in handlers:
        h.handle()


run_all([Handler()])
