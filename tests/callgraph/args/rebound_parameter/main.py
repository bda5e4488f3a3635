"""A parameter the function rebinds (`client = connect(client)`): its calls reach what the
binding gives as well as what the callers pass (here the caller passes None)."""


class Client:
    def upload(self):
        return 1


def connect(client=None):
    if client is None:
        return Client()
    return client


def copy(client):
    client = connect(client)
    client.upload()


copy(None)
