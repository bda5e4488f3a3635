"""Calling a `functools.partial` calls the wrapped function."""
import functools


def send(to, body):
    pass


greet = functools.partial(send, "ann")
greet("hi")
