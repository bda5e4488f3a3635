"""A factory returns an instance; its method is called on the result."""


class Client:
    def __init__(self):
        self.open = True

    def get(self):
        pass


def make_client():
    return Client()


make_client().get()
