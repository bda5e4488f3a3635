"""`dict.get` returns the stored function."""


def fallback():
    pass


table = {"x": fallback}
table.get("x")()
