"""Negative: `handlers["save"] = audited_save` replaces the literal's `plain_save` for the calls
below it; the other key keeps its function."""


def plain_save():
    pass


def audited_save():
    pass


def load():
    pass


def run():
    handlers = {"save": plain_save, "load": load}
    handlers["save"] = audited_save
    handlers["save"]()
    handlers["load"]()


run()
