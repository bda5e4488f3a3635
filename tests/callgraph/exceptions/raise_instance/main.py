"""`raise Error(...)` calls the exception's `__init__`."""


class QuotaError(Exception):
    def __init__(self, used):
        super().__init__(used)
        self.used = used


def charge():
    try:
        raise QuotaError(3)
    except QuotaError:
        pass


charge()
