"""Negative: `(Email() if urgent else Sms()).send()` sends through one of the two; `Fax.send` is never called."""


class Email:
    def send(self):
        pass


class Sms:
    def send(self):
        pass


class Fax:
    def send(self):
        pass


def notify(urgent):
    (Email() if urgent else Sms()).send()


notify(True)
notify(False)
