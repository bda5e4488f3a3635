"""Negative: `self.sender` holds the instance passed to `__init__`; the other `send` never runs."""


class EmailSender:
    def send(self):
        pass


class SmsSender:
    def send(self):
        pass


class Service:
    def __init__(self, sender):
        self.sender = sender

    def run(self):
        self.sender.send()


Service(EmailSender()).run()
