"""Negative: the parameter `notify` shadows the module's `notify`; a name lookup picks the global."""


def notify():
    pass


def quiet():
    pass


def run(notify):
    notify()


run(quiet)
