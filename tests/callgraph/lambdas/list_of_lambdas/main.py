"""Lambdas stored in a list and called in a loop."""


def up():
    pass


def down():
    pass


handlers = [
    lambda: up(),
    lambda: down(),
]
for fn in handlers:
    fn()
