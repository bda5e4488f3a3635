"""A tuple's constant index selects its element."""


def left():
    pass


def right():
    pass


pair = (left, right)
pair[0]()
