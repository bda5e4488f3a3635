"""A function bound to another name is called through the alias."""


def greet():
    pass


say = greet
say()
