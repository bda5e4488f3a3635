"""A function stored as a dict value and called through the subscript."""


def create():
    pass


actions = {"create": create}
actions["create"]()
