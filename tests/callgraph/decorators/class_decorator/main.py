"""A class decorator is called with the class and may call its classmethods."""


def setup_class(cls):
    cls.prepare()
    return cls


@setup_class
class Plugin:
    @classmethod
    def prepare(cls):
        pass


Plugin.prepare()
