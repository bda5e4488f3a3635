"""Reading a missing attribute, not only calling it, falls back to `__getattr__`."""


def lookup(name):
    return name.upper()


class Settings:
    debug = False

    def __getattr__(self, name):
        return lookup(name)


settings = Settings()
level = settings.log_level
flag = settings.debug
