"""A module-level function named like a builtin replaces it for this module."""


def open(name):
    return name


open("file")
