"""Negative: `items.append` is the list's method, not the workspace class's `append`."""


class Journal:
    def append(self, entry):
        pass


items = []
items.append(1)
