def build():
    pass


def clean():
    pass
