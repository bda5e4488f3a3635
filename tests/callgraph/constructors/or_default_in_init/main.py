"""`client or Default()`: one instance passes a client, the other falls back."""


class Default:
    def get(self):
        pass


class Custom:
    def get(self):
        pass


class Api:
    def __init__(self, client=None):
        self.client = client or Default()

    def fetch(self):
        self.client.get()


Api(Custom()).fetch()
Api().fetch()
