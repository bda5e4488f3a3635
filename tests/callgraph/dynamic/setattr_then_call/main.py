"""`setattr` installs a function on an instance; calling the attribute calls it."""


class Box:
    pass


def installed():
    pass


box = Box()
setattr(box, "run", installed)
box.run()
