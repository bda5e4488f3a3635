"""Negative: `"a,b".split` is the str method, not the workspace class's `split`."""


class Splitter:
    def split(self, sep):
        return []


"a,b".split(",")
