"""An import inside a function body."""


def run():
    from tools import clean
    clean()


run()
