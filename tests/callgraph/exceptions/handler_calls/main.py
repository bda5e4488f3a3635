"""Calls inside `except` and `finally` blocks are edges of the function."""


def risky():
    raise ValueError


def recover():
    pass


def cleanup():
    pass


def run():
    try:
        risky()
    except ValueError:
        recover()
    finally:
        cleanup()


run()
