"""Negative: inside `work`, `helper` is the nested function, not the module-level one."""


def helper():
    pass


def work():
    def helper():
        pass
    helper()


work()
helper()
