"""`sorted(key=lambda ...)` calls the lambda, which calls the workspace function."""


def score(item):
    return item


sorted([2, 1], key=lambda item: score(item))
