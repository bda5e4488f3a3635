"""The attribute's value is the return value of a method called in `__init__`."""


class Redis:
    def push(self):
        pass


class Queue:
    def __init__(self):
        self.backend = self.make_backend()

    def make_backend(self):
        return Redis()

    def put(self):
        self.backend.push()


Queue().put()
