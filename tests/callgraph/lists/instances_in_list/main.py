"""A list of instances of two classes: the loop's method call reaches both."""


class Email:
    def deliver(self):
        pass


class Sms:
    def deliver(self):
        pass


for channel in [Email(), Sms()]:
    channel.deliver()
