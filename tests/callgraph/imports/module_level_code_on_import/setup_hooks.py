def register():
    pass


def ready():
    pass


register()
