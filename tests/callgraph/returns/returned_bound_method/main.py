"""A function returns a bound method; calling the result calls the method."""


class Sender:
    def send(self):
        pass


def get_sender():
    return Sender().send


get_sender()()
