"""Negative: a dict nested in a dict keeps its keys, in a function's scope too: `routes["a"]["y"]` is
`second`, not `first`, which the same inner key names under another outer key."""


def first():
    pass


def second():
    pass


def run():
    routes = {"a": {"x": first, "y": second}, "b": {"y": first}}
    routes["a"]["y"]()


run()
