"""`raise X()` runs `X.__init__`, which calls a helper."""


def log_error():
    pass


class Failure(Exception):
    def __init__(self):
        log_error()
        super().__init__()


def run():
    raise Failure()


try:
    run()
except Failure:
    pass
