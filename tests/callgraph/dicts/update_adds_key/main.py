"""`update({...})` adds its keys to the dict: the stored function is called."""


def a():
    pass


def b():
    pass


handlers = {"x": a}
handlers.update({"y": b})
handlers["y"]()
