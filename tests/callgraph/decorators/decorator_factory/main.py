"""`@repeat(2)` calls the factory, then the decorator it returns; calls go to the wrapper."""


def repeat(times):
    def decorate(fn):
        def wrapper():
            for _ in range(times):
                fn()
        return wrapper
    return decorate


@repeat(2)
def ping():
    pass


ping()
