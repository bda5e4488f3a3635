"""`sorted(key=...)` calls the key function."""


def rank(item):
    return -item


sorted([3, 1, 2], key=rank)
