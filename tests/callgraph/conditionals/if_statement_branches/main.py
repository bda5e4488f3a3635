"""Assignments in both branches of an `if` statement reach the call after it."""


def email():
    pass


def sms():
    pass


def notify(urgent):
    if urgent:
        channel = sms
    else:
        channel = email
    channel()


notify(True)
notify(False)
