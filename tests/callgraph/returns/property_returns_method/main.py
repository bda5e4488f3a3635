"""A property returns a bound method; the caller calls it. The getter is an edge too."""


class Notifier:
    @property
    def handler(self):
        return self.email

    def email(self):
        pass


Notifier().handler()
