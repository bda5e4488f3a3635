"""`filter` calls its predicate."""


def is_even(n):
    return n % 2 == 0


list(filter(is_even, [1, 2, 3]))
