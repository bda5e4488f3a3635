"""Negative: `gen.send` is the generator's method, not the workspace class's `send`."""


class Mailer:
    def send(self, message):
        pass


def echo():
    while True:
        yield


gen = echo()
next(gen)
gen.send("hello")
