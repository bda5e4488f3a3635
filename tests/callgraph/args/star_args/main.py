"""Functions passed through `*fns` are each called."""


def run_all(*fns):
    for fn in fns:
        fn()


def one():
    pass


def two():
    pass


run_all(one, two)
