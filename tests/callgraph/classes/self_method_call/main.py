"""A method calls another method through `self`."""


class Report:
    def build(self):
        self.header()

    def header(self):
        pass


Report().build()
