"""`getattr(obj, "name")` with a constant name is the attribute."""


class Job:
    def run(self):
        pass

    def skip(self):
        pass


getattr(Job(), "run")()
