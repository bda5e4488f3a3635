"""A descriptor's `__get__` returns an object: a method called on the attribute is that object's."""


class Client:
    def send(self):
        pass


class Connection:
    def send(self):
        pass


class ClientDescriptor:
    def __get__(self, instance, owner):
        return Client()

    def send(self):
        pass


class Service:
    client = ClientDescriptor()


Service().client.send()
