"""Negative: the annotated parameter receives a `Handler`; `Other.handle` never runs."""


class Handler:
    def handle(self):
        pass


class Other:
    def handle(self):
        pass


def run(h: Handler):
    h.handle()


run(Handler())
