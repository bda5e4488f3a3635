"""Negative: a class with only some of the Protocol's methods does not implement it."""
from typing import Protocol


class Channel(Protocol):
    def send(self) -> None: ...

    def close(self) -> None: ...


class Socket:
    def send(self) -> None:
        pass

    def close(self) -> None:
        pass


class Printer:
    def send(self) -> None:
        pass


def push(channel: Channel) -> None:
    channel.send()


push(Socket())
Printer().send()
