"""A callback passed through a middle function is called by the innermost one."""


def post_save(item):
    pass


def save_in_bulk(items, callback):
    for item in items:
        store(item, callback)


def store(item, callback):
    callback(item)


save_in_bulk([1], callback=post_save)
