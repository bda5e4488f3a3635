"""A partial of a bound method, called later by another function."""
import functools


class Mailer:
    def send(self, to):
        pass


def later(fn):
    fn()


later(functools.partial(Mailer().send, "bob"))
