"""Two call sites pass different functions: the parameter holds both."""


def call(fn):
    fn()


def first():
    pass


def second():
    pass


call(first)
call(second)
