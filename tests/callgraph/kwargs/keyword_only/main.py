"""A keyword-only parameter receives the function."""


def schedule(*, job):
    job()


def backup():
    pass


schedule(job=backup)
