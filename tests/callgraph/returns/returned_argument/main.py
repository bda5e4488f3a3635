"""A function that returns its first parameter, reached through a call of a call
(`chooser()(on_save)`): the result is what that call passes. Negative: each call site gets its
own argument back, not the other site's."""


def on_save():
    pass


def on_delete():
    pass


def passthrough(handler, label=""):
    return handler


def chooser():
    return passthrough


def save():
    chooser()(on_save)()


def delete():
    chooser()(on_delete, "x")()


save()
delete()
