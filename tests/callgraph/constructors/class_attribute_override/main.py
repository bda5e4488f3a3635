"""Negative: the subclass overrides the class attribute; the base's class is never built."""


class Email:
    def send(self):
        pass


class Sms:
    def send(self):
        pass


class Notifier:
    channel_class = Email

    def run(self):
        self.channel_class().send()


class TextNotifier(Notifier):
    channel_class = Sms


TextNotifier().run()
