"""Negative: the base method's `self.step()` runs the subclass's override, not the base's."""


class Base:
    def run(self):
        self.step()

    def step(self):
        pass


class Child(Base):
    def step(self):
        pass


Child().run()
