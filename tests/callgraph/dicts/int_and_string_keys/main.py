"""A dict with an int key and the same digits as a string key: `d[2]` and `d["2"]` are different
entries. Negative: neither lookup reaches the other entry's function."""


def by_number():
    pass


def by_text():
    pass


def fallback():
    pass


routes = {2: by_number, "2": by_text, 0: fallback}
routes[2]()
routes["2"]()
