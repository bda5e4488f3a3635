"""Elements added with `extend` are called by the loop too."""


def a():
    pass


def b():
    pass


funcs = [a]
funcs.extend([b])
for fn in funcs:
    fn()
