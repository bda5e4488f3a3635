"""A function fills a module global after `global`; another function calls what it holds."""


def send():
    pass


handler = None


def setup():
    global handler
    handler = send


def run():
    handler()


setup()
run()
