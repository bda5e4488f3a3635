"""Negative: every call site passes `cb`, so the default function is never called."""


def default():
    pass


def custom():
    pass


def run(cb=default):
    cb()


run(cb=custom)
