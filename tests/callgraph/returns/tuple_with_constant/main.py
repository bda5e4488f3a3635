"""A returned tuple with a constant in it keeps its positions: `obj, ok = load()` binds the object."""


class Channel:
    def notify(self):
        pass


def load():
    channel = Channel()
    if channel:
        return channel, True
    return channel, False


item, flag = load()
item.notify()
