"""Instantiating a class calls its `__init__`."""


class Point:
    def __init__(self, x):
        self.x = x


Point(1)
