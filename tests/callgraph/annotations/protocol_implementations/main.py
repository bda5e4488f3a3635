"""A `Protocol`-typed parameter receives two implementations; the protocol's stub never runs."""
from typing import Protocol


class Sender(Protocol):
    def send(self) -> None: ...


class Email:
    def send(self) -> None:
        pass


class Push:
    def send(self) -> None:
        pass


def notify(sender: Sender) -> None:
    sender.send()


notify(Email())
notify(Push())
