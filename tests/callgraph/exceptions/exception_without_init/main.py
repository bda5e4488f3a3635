"""Negative: the exception class defines no `__init__`, but an unrelated class in the file does."""


class Config:
    def __init__(self):
        pass


class Missing(Exception):
    pass


def load():
    raise Missing("x")


try:
    load()
except Missing:
    pass
