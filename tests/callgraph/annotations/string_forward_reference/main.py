"""A string annotation naming a class defined further down."""


def deliver(mailer: "Mailer"):
    mailer.send()


class Mailer:
    def send(self):
        pass


deliver(Mailer())
