"""A list nested in a list keeps its positions: `table[1][0]` is `second`, not any function of the table."""


def first():
    pass


def second():
    pass


def third():
    pass


table = [[first], [second, third]]
table[1][0]()
