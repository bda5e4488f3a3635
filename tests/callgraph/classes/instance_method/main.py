"""A method called on a fresh instance; the class has no `__init__`, so no constructor edge."""


class Greeter:
    def hello(self):
        pass


Greeter().hello()
