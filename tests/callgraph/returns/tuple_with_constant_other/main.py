"""Negative: the constant sits first, so the object is the second element; `first` gets None."""


class Sender:
    def send(self):
        pass


def build():
    return None, Sender()


def send_all(first, second):
    second.send()


nothing, sender = build()
send_all(nothing, sender)
