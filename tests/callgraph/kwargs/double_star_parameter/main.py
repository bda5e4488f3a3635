"""`**kwargs` collects keyword arguments; the callee calls one of them."""


def run(**kwargs):
    kwargs["on_success"]()


def ok():
    pass


run(on_success=ok)
