"""A decorator that records the function and returns it unchanged."""

REGISTRY = []


def register(fn):
    REGISTRY.append(fn)
    return fn


@register
def task():
    pass


task()
