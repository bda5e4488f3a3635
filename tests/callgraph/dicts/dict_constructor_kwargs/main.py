"""`dict(name=f)` stores the function under the keyword."""


def on_save():
    pass


signals = dict(save=on_save)
signals["save"]()
